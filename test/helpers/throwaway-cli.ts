import assert from 'node:assert/strict';
import type { Database } from '../../src/db/database.js';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli } from './cli.js';
import { addFirstAccountWithCli, TEST_ENCRYPTION_KEY } from './cli-environment.js';
import { throwawayPostgresUnavailable, type ThrowawayPostgres } from './throwaway-postgres.js';
import { sleep } from './sleep.js';

export { sleep };

/** Why `name` cannot run here (printed as a skip line), or undefined when throwaway clusters can run. */
export function skipWithoutThrowawayPostgres(name: string): string | undefined {
  const unavailable = throwawayPostgresUnavailable();
  if (unavailable) console.log(`# ${name} skipped: ${unavailable}`);
  return unavailable;
}

/** The listener's login and password in the CLI tests against a throwaway cluster. */
export const WEBHOOK_LOGIN = 'hook-login';
export const WEBHOOK_PASSWORD = 'hook-password-123456';
export const WEBHOOK_CREDENTIALS_ENV = {
  HOSTAWAY_WEBHOOK_LOGIN: WEBHOOK_LOGIN,
  HOSTAWAY_WEBHOOK_PASSWORD: WEBHOOK_PASSWORD,
};

/** The CLI's settings for the simulator and a throwaway cluster, JSON logs, plus `extra`. */
export function throwawayCliEnv(
  sim: Simulator,
  pg: ThrowawayPostgres,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    HOSTAWAY_API_BASE_URL: sim.baseUrl,
    DATABASE_URL: pg.url(),
    HOSTAWAY_SYNC_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    ...extra,
    LOG_FORMAT: 'json',
  };
}

/** `migrate`, `accounts add` for the simulator's first account and a first full sync, through the CLI. */
export async function addFirstAccountAndSyncWithCli(sim: Simulator, env: Record<string, string>) {
  const accountId = await addFirstAccountWithCli(sim, env);
  const first = await runCli(['sync', 'full', '--all'], { env });
  assert.equal(first.code, 0, first.stderr);
  return accountId;
}

/** Polls the inbox (up to 60 times, 500 ms apart) until every event is applied; the events still open. */
export async function waitForWebhookEventsApplied(db: Database): Promise<number> {
  let open = -1;
  for (let i = 0; i < 60 && open !== 0; i += 1) {
    if (i > 0) await sleep(500);
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM hostaway.webhook_events WHERE status <> 'applied'",
    );
    open = rows[0]!.n;
  }
  return open;
}

/** The message ids stored in each of the account's threads, by conversation id. */
export async function storedMessageIdsByThread(
  db: Database,
  accountId: number,
): Promise<Map<number, Set<number>>> {
  const { rows } = await db.query<{ id: number; ids: number[] | null }>(
    `SELECT conversation_id AS id,
       (SELECT jsonb_agg((m->>'id')::bigint) FROM jsonb_array_elements(raw_messages) m) AS ids
     FROM hostaway.messages WHERE account_id = $1`,
    [accountId],
  );
  return new Map(rows.map((r) => [Number(r.id), new Set((r.ids ?? []).map(Number))]));
}
