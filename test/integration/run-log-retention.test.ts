import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';

describe('run log retention', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let ids: number[];

  before(async () => {
    sim = await startSimulator({ seed: 12, accounts: 2, listings: 1, reservations: 3 });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
    ids = sim.accounts.map((a) => a.accountId);
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  /** Adds finished runs of `accountId` that started `daysAgo` days ago (database clock); returns their ids. */
  const addRuns = async (accountId: number, daysAgo: number[], status = 'succeeded') =>
    (
      await t.db.query<{ id: number }>(
        `INSERT INTO hostaway.sync_runs (account_id, mode, status, started_at, finished_at)
         SELECT $1, 'incremental', $3, now() - make_interval(days => d), now() - make_interval(days => d)
         FROM unnest($2::int[]) AS d RETURNING id`,
        [accountId, `{${daysAgo.join(',')}}`, status],
      )
    ).rows.map((r) => Number(r.id));
  const runIds = async (accountId: number) =>
    (
      await t.db.query<{ id: number }>(
        'SELECT id FROM hostaway.sync_runs WHERE account_id = $1 ORDER BY id',
        [accountId],
      )
    ).rows.map((r) => Number(r.id));

  it('a run deletes its own account’s runs older than the retention, and only those', async () => {
    const [mine, other] = [ids[0]!, ids[1]!];
    const old = await addRuns(mine, [40, 15]);
    const abandoned = await addRuns(mine, [20], 'running');
    const recent = await addRuns(mine, [13, 1]);
    const othersOld = await addRuns(other, [40]);
    const result = await createTestEngine(t.db, createTestClient(sim.baseUrl), {
      settings: { runRetentionDays: 14 },
    }).run(mine, 'incremental');
    assert.equal(result.status, 'succeeded');
    const kept = await runIds(mine);
    for (const id of [...old, ...abandoned]) assert.ok(!kept.includes(id), `run ${id} is past the retention`);
    assert.deepEqual(kept, [...recent, result.runId]);
    // Another account's log is its own runs' business.
    assert.deepEqual(await runIds(other), othersOld);
  });

  it('a retention of 0 keeps every run', async () => {
    const account = ids[1]!;
    const before = await runIds(account);
    const result = await createTestEngine(t.db, createTestClient(sim.baseUrl), {
      settings: { runRetentionDays: 0 },
    }).run(account, 'incremental');
    assert.deepEqual(await runIds(account), [...before, result.runId]);
  });
});
