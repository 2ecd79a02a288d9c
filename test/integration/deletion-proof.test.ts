import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { updateAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Simulator } from '../../src/simulator/index.js';
import type { SyncMode } from '../../src/sync/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { storedObjects } from '../helpers/optional-resources.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';

const EMPTY = JSON.stringify({ status: 'success', result: [] });

describe('deletion only on proof: a suspicious answer holds its deletions', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let accountId: number;

  const run = (mode: SyncMode) => createTestEngine(t.db, createTestClient(sim.baseUrl)).run(accountId, mode);
  const live = async (resource: string, parentId?: number) =>
    [...(await storedObjects(t.db, accountId, resource)).values()].filter(
      (row) => row.deleted_at === null && (parentId === undefined || Number(row.parent_id) === parentId),
    ).length;
  const answerEmpty = (path: string) => sim.injectFaults({ kind: 'body', pathPrefix: path, body: EMPTY });

  before(async () => {
    sim = await startSimulator({ seed: 5, accounts: 1, listings: 3, reservations: 20 });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
    accountId = sim.accounts[0]!.accountId;
    await updateAccount(t.db, accountId, { resources: ['amenities', 'listingFeeSettings'] });
    const first = await run('full');
    assert.equal(first.status, 'succeeded', JSON.stringify(first.error));
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  it('a whole list answered empty once deletes nothing and is not a success; the same answer next pass confirms it', async () => {
    const stored = await live('amenities');
    assert.ok(stored > 2, 'the simulator serves amenities');

    answerEmpty('/v1/amenities');
    const held = await run('full');
    assert.notEqual(held.status, 'succeeded');
    const amenities = held.resources['amenities']!;
    assert.deepEqual([amenities.status, amenities.deleted, amenities.deletionsHeld], ['partial', 0, stored]);
    assert.equal(await live('amenities'), stored, 'no row marked deleted on one empty answer');

    // The full answer back: the holds are released, nothing deleted, a plain success again.
    const released = await run('full');
    assert.equal(released.status, 'succeeded', JSON.stringify(released.error));
    assert.equal(released.resources['amenities']!.deletionsHeld, undefined);
    assert.equal(await live('amenities'), stored);

    // Empty twice in a row: the second answer proves the deletions.
    answerEmpty('/v1/amenities');
    await run('full');
    answerEmpty('/v1/amenities');
    const confirmed = await run('full');
    assert.equal(confirmed.status, 'succeeded', JSON.stringify(confirmed.error));
    assert.equal(confirmed.resources['amenities']!.deleted, stored);
    assert.equal(await live('amenities'), 0);
  });

  it('a parent answered empty holds its objects’ deletions until the next pass answers the same', async () => {
    const rows = [...(await storedObjects(t.db, accountId, 'listingFeeSettings')).values()];
    const parentId = Number(rows.find((row) => row.deleted_at === null)!.parent_id);
    const stored = await live('listingFeeSettings', parentId);
    assert.ok(stored > 0);

    answerEmpty(`/v1/listingFeeSettings/${parentId}`);
    const held = await run('full');
    const fees = held.resources['listingFeeSettings']!;
    assert.notEqual(held.status, 'succeeded');
    assert.deepEqual([fees.status, fees.deleted, fees.deletionsHeld], ['partial', 0, stored]);
    assert.equal(await live('listingFeeSettings', parentId), stored);

    answerEmpty(`/v1/listingFeeSettings/${parentId}`);
    const confirmed = await run('incremental');
    const done = confirmed.resources['listingFeeSettings']!;
    assert.deepEqual(
      [done.status, done.deleted],
      ['succeeded', stored],
      'the next pass (due again) confirms',
    );
    assert.equal(await live('listingFeeSettings', parentId), 0);
  });
});
