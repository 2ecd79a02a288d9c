import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';

const RESERVATIONS = 150;

describe('a first reservations pass that could not read the whole list', () => {
  let sim: Simulator;
  let t: TestDatabase;

  before(async () => {
    sim = await startSimulator({ seed: 8, listings: 2, reservations: RESERVATIONS });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  it('saves no watermark, so the next incremental pass still reads every reservation', async () => {
    const { accountId } = sim.accounts[0]!;
    const run = (mode: 'full' | 'incremental') =>
      createTestEngine(t.db, createTestClient(sim.baseUrl)).run(accountId, mode);
    // Every answer serves the newest 100 of a list said to hold more: the pass cannot prove it read it all.
    const newest = sim
      .listReservations(accountId)
      .sort((a, b) => String(b['updatedOn']).localeCompare(String(a['updatedOn'])))
      .slice(0, 100);
    sim.injectFaults({
      kind: 'body',
      pathPrefix: '/v1/reservations',
      count: 1_000,
      body: JSON.stringify({ status: 'success', result: newest, count: RESERVATIONS, limit: 100, offset: 0 }),
    });
    const first = await run('incremental');
    sim.clearFaults();
    assert.equal(first.resources['reservations']?.status, 'partial', JSON.stringify(first.resources));

    const next = await run('incremental');
    assert.equal(next.resources['reservations']?.status, 'succeeded');
    const { rows } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM hostaway.reservations WHERE account_id = $1',
      [accountId],
    );
    assert.equal(rows[0]!.n, RESERVATIONS);
  });
});
