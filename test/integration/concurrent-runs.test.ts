import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDatabase, type Database } from '../../src/db/database.js';
import type { Simulator } from '../../src/simulator/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, byId, createTestEngine, storedMirror } from '../helpers/sync.js';

describe('overlapping runs', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let second: Database;

  before(async () => {
    sim = await startSimulator({ seed: 8, accounts: 5, listings: 3, reservations: 60 });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
    // A second pool stands in for a second process on a server; the embedded database is one process.
    second = t.url ? await createDatabase({ url: t.url }) : t.db;
  });
  after(async () => {
    if (second !== t.db) await second.close();
    await sim.close();
    await t.drop();
  });

  it('never sync one account twice at once; a held lock is a skip', async () => {
    const ids = sim.accounts.map((a) => a.accountId);
    const slow = { kind: 'slow' as const, delayMs: 30, count: 10_000 };
    sim.injectFaults(slow);
    const [a, b] = await Promise.all([
      createTestEngine(t.db, createTestClient(sim.baseUrl), { accountConcurrency: 2 }).runMany(ids, 'full'),
      createTestEngine(second, createTestClient(sim.baseUrl), { accountConcurrency: 2 }).runMany(ids, 'full'),
    ]);
    sim.clearFaults();
    const statuses = [...a, ...b].map((r) => r.status);
    assert.ok(
      statuses.every((s) => s === 'succeeded' || s === 'skipped'),
      statuses.join(','),
    );
    assert.ok(statuses.includes('skipped'), 'the two runs met at least once');
    const { rows } = await t.db.query<{ account_id: number; started_at: Date; finished_at: Date }>(
      'SELECT account_id, started_at, finished_at FROM hostaway.sync_runs ORDER BY account_id, started_at',
    );
    for (let i = 1; i < rows.length; i += 1) {
      const [prev, next] = [rows[i - 1]!, rows[i]!];
      if (prev.account_id !== next.account_id) continue;
      assert.ok(next.started_at >= prev.finished_at, `account ${next.account_id} synced twice at once`);
    }
    for (const id of ids) {
      const mirror = await storedMirror(t.db, id);
      assert.deepEqual(
        mirror.reservations.map((r) => r.raw_payload),
        byId(sim.listReservations(id)),
      );
    }
  });
});
