import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { insertAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Database } from '../../src/db/database.js';
import type { HostawayClientOptions } from '../../src/hostaway/client.js';
import type { Simulator, SimulatorOptions } from '../../src/simulator/index.js';
import type { RunResult } from '../../src/sync/types.js';
import type { TestDatabase } from './database.js';
import { createTestClient, startSimulator } from './hostaway.js';
import { compareWithSimulator, findWronglyDeleted } from './mirror-compare.js';
import { createTestEngine } from './sync.js';

/** A simulator whose accounts (all, or the ones named) are registered in a test database. */
export interface ChurnSimulator {
  sim: Simulator;
  db: Database;
  accountIds: number[];
  run(
    accountId: number,
    mode?: 'full' | 'incremental',
    client?: Partial<HostawayClientOptions>,
  ): Promise<RunResult>;
  runMany(accountIds: number[], mode: 'full' | 'incremental'): Promise<RunResult[]>;
  close(): Promise<void>;
}

/**
 * Starts a simulator and registers its accounts in `t` (only `only` when given: two simulators can share
 * one database when their registered account ids differ).
 */
export async function startChurnSimulator(
  t: TestDatabase,
  options: SimulatorOptions,
  only?: number[],
): Promise<ChurnSimulator> {
  const sim = await startSimulator(options);
  const accounts = sim.accounts.filter((a) => only === undefined || only.includes(a.accountId));
  for (const { accountId, clientSecret } of accounts)
    await insertAccount(t.db, { accountId, customerId: randomUUID(), clientSecret });
  const engineRun = async <T>(
    clientOptions: Partial<HostawayClientOptions>,
    fn: (e: Engine) => Promise<T>,
  ) => {
    const client = createTestClient(sim.baseUrl, clientOptions);
    try {
      return await fn(createTestEngine(t.db, client));
    } finally {
      client.close();
    }
  };
  return {
    sim,
    db: t.db,
    accountIds: accounts.map((a) => a.accountId),
    run: (accountId, mode = 'full', clientOptions = {}) =>
      engineRun(clientOptions, (engine) => engine.run(accountId, mode)),
    runMany: (accountIds, mode) => engineRun({}, (engine) => engine.runMany(accountIds, mode)),
    close: () => sim.close(),
  };
}

type Engine = ReturnType<typeof createTestEngine>;

type Table = 'listings' | 'reservations';

/** Ids the simulator serves now that have no live row in the database. */
export async function missingLive(db: Database, sim: Simulator, accountId: number, table: Table) {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM hostaway.${table} WHERE account_id = $1 AND deleted_at IS NULL`,
    [accountId],
  );
  const live = new Set(rows.map((r) => Number(r.id)));
  const served = table === 'listings' ? sim.listListings(accountId) : sim.listReservations(accountId);
  return served.map((o) => Number(o.id)).filter((id) => !live.has(id));
}

/**
 * A pass that changed upstream under it: either every served row is stored (and live), or the resource
 * says it is not complete (`partial`). Never `succeeded` with rows missing. Returns the missing ids.
 */
export async function assertNoSilentGap(
  db: Database,
  sim: Simulator,
  result: RunResult,
  table: Table,
): Promise<number[]> {
  assert.deepEqual(await findWronglyDeleted(db, sim, result.accountId), [], 'no live row marked deleted');
  const missing = await missingLive(db, sim, result.accountId, table);
  const status = result.resources[table]?.status;
  if (missing.length > 0) {
    assert.equal(
      status,
      'partial',
      `${table} ${status} with ${missing.length} rows missing: ${missing.slice(0, 5).join(', ')}…`,
    );
    assert.notEqual(result.status, 'succeeded');
  }
  return missing;
}

/** The database holds exactly what the simulator serves (rows marked deleted aside, no extra live rows). */
export async function assertMirrors(db: Database, sim: Simulator, accountId: number): Promise<void> {
  const { differences, compared } = await compareWithSimulator(db, sim, accountId);
  assert.ok(compared > 0);
  assert.deepEqual(differences, [], `account ${accountId}`);
}

/** Whether the row is marked deleted (undefined: no such row). */
export async function isMarkedDeleted(db: Database, table: Table, accountId: number, id: number) {
  const { rows } = await db.query<{ deleted: boolean }>(
    `SELECT deleted_at IS NOT NULL AS deleted FROM hostaway.${table} WHERE account_id = $1 AND id = $2`,
    [accountId, id],
  );
  return rows[0]?.deleted;
}

/** The accounts' sync_runs rows by status; an unfinished row counts as 'running'. */
export async function runStatuses(db: Database, accountIds: number[]): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: number }>(
    `SELECT CASE WHEN finished_at IS NULL THEN 'running' ELSE status END AS status, count(*)::int AS n
       FROM hostaway.sync_runs WHERE account_id IN (${accountIds.map(Number).join(',')}) GROUP BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
