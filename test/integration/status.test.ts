import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deactivateAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Simulator } from '../../src/simulator/index.js';
import { getStatusReport } from '../../src/sync/status.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';

describe('status report', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let ids: number[];

  before(async () => {
    sim = await startSimulator({ seed: 4, accounts: 3, listings: 2, reservations: 20 });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
    ids = sim.accounts.map((a) => a.accountId);
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  it('calls never-synced accounts unhealthy', async () => {
    const report = await getStatusReport(t.db);
    assert.equal(report.healthy, false);
    assert.match(report.accounts[0]!.problems.join(), /listings never synced/);
  });

  it('is healthy after a sync, stale past --max-age, and unhealthy after a failed run', async () => {
    await createTestEngine(t.db, createTestClient(sim.baseUrl)).runMany(ids, 'full');
    const fresh = await getStatusReport(t.db, { maxAgeMs: 60_000 });
    assert.equal(fresh.healthy, true, JSON.stringify(fresh.accounts.map((a) => a.problems)));
    assert.equal(fresh.accounts[0]!.counts.reservations, 20);
    const later = await getStatusReport(t.db, { maxAgeMs: 60_000, now: new Date(Date.now() + 3_600_000) });
    assert.equal(later.healthy, false);
    assert.match(later.accounts[0]!.problems.join(), /reservations last synced 36\d\ds ago/);

    const broken = createTestClient('http://127.0.0.1:9/v1', {
      http: { timeoutMs: 200, maxRetries: 0, retryBaseMs: 1, rateLimitBackoffMs: 1 },
    });
    await createTestEngine(t.db, broken).runFull(ids[1]!);
    const report = await getStatusReport(t.db, { maxAgeMs: 60_000 });
    const failed = report.accounts.find((a) => a.accountId === ids[1])!;
    assert.equal(failed.healthy, false);
    assert.match(failed.problems[0]!, /last run failed: Hostaway unreachable/);
    assert.match(failed.resources.find((r) => r.resource === 'listings')!.lastError ?? '', /unreachable/);
  });

  it('never calls an inactive account unhealthy, and filters by account', async () => {
    await deactivateAccount(t.db, ids[1]!);
    const report = await getStatusReport(t.db, { maxAgeMs: 60_000 });
    assert.equal(report.healthy, true);
    const one = await getStatusReport(t.db, { accountIds: [ids[2]!] });
    assert.deepEqual(
      one.accounts.map((a) => a.accountId),
      [ids[2]],
    );
  });
});
