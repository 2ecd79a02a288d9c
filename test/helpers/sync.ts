import { randomUUID } from 'node:crypto';
import { insertAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Database } from '../../src/db/database.js';
import type { HostawayClient } from '../../src/hostaway/client.js';
import { createSilentLogger } from '../../src/logger.js';
import type { Simulator } from '../../src/simulator/index.js';
import { createSyncEngine, type SyncEngineDeps } from '../../src/sync/engine.js';
import { SYNC_SETTING_KEYS, type SyncSettings } from '../../src/sync/types.js';

/** Registers every simulated account in the database; returns their customer ids by account id. */
export async function addSimulatedAccounts(db: Database, simulator: Simulator): Promise<Map<number, string>> {
  const customers = new Map<number, string>();
  for (const account of simulator.accounts) {
    const customerId = randomUUID();
    await insertAccount(db, { accountId: account.accountId, customerId, clientSecret: account.clientSecret });
    customers.set(account.accountId, customerId);
  }
  return customers;
}

/** An engine for tests; settings may be given beside the other overrides (`{ verifyThreadsPerRun: 2 }`). */
export function createTestEngine(
  db: Database,
  client: HostawayClient,
  overrides: Partial<SyncEngineDeps> & SyncSettings = {},
) {
  const deps: Partial<SyncEngineDeps> & SyncSettings = { ...overrides };
  const settings: SyncSettings = { ...overrides.settings };
  for (const name of SYNC_SETTING_KEYS) {
    if (deps[name] !== undefined) Object.assign(settings, { [name]: deps[name] });
    delete deps[name];
  }
  return createSyncEngine({
    db,
    client,
    logger: createSilentLogger(),
    threadConcurrency: 4,
    accountConcurrency: 4,
    ...deps,
    settings,
  });
}

type Row = Record<string, unknown>;

/** The stored mirror of one account, keyed by id, for comparison with what the simulator serves. */
export async function storedMirror(db: Database, accountId: number) {
  const q = async (sql: string) => (await db.query<Row>(sql, [accountId])).rows;
  const listings = await q(
    'SELECT id, raw_payload, updated_at, deleted_at FROM hostaway.listings WHERE account_id = $1 ORDER BY id',
  );
  const reservations = await q(
    'SELECT id, listing_id, raw_payload, updated_at, deleted_at FROM hostaway.reservations WHERE account_id = $1 ORDER BY id',
  );
  const threads = await q(
    `SELECT conversation_id, reservation_id, raw_conversation, raw_messages, updated_at, deleted_at
       FROM hostaway.messages WHERE account_id = $1 ORDER BY conversation_id`,
  );
  return { listings, reservations, threads };
}

/** Sort a served list by id, the order the mirror queries use. */
export const byId = <T extends Row>(items: T[]) => [...items].sort((a, b) => Number(a.id) - Number(b.id));
