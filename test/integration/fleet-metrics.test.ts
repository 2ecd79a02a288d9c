import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { updateAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Simulator } from '../../src/simulator/index.js';
import { getStatusReport } from '../../src/sync/status.js';
import { renderFleetMetrics } from '../../src/observability/fleet-metrics.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';
import { metricValue } from '../helpers/webhook.js';

/**
 * The fleet's gauges (`status --prometheus`, and the listener's /metrics) say what `status` says: a
 * healthy account, its lag, a resource it cannot use; a partial run makes the account unhealthy, as its
 * exit 3 does.
 */
describe('fleet metrics', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let accountId: number;
  const engine = () => createTestEngine(t.db, createTestClient(sim.baseUrl));
  const gauges = async () => renderFleetMetrics(await getStatusReport(t.db), []);
  const account = () => `account="${accountId}"`;

  before(async () => {
    sim = await startSimulator({ seed: 5, accounts: 1, listings: 2, reservations: 10 });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
    accountId = sim.accounts[0]!.accountId;
    await updateAccount(t.db, accountId, { resources: ['reviews'] });
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  it('show a healthy account, its lag and a resource it cannot use', async () => {
    sim.injectFaults({ kind: 'status', status: 404, path: '/v1/reviews', untilCleared: true });
    const [run] = await engine().runMany([accountId], 'full');
    sim.clearFaults();
    assert.equal(run!.status, 'succeeded');
    const text = await gauges();
    assert.equal(metricValue(text, 'hostaway_account_healthy', `${account()},pool="default"`), 1);
    assert.match(
      text,
      new RegExp(`^hostaway_account_sync_lag_seconds\\{${account()},resource="listings"\\} \\d+$`, 'm'),
    );
    assert.equal(metricValue(text, 'hostaway_resource_unavailable', `${account()},resource="reviews"`), 1);
    assert.equal(metricValue(text, 'hostaway_threads_given_up', account()), 0);
  });

  it('show a partial run as an unhealthy account', async () => {
    sim.injectFaults({ kind: 'status', status: 503, path: '/v1/reservations', untilCleared: true });
    const [run] = await engine().runMany([accountId], 'full');
    sim.clearFaults();
    assert.equal(run!.status, 'partial', 'one core endpoint failing fails only its resource');
    assert.equal(run!.resources.threads?.status, 'succeeded', 'the resources after it still run');
    assert.equal(metricValue(await gauges(), 'hostaway_account_healthy', `${account()},pool="default"`), 0);
  });
});
