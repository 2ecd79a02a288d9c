import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { updateAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Simulator } from '../../src/simulator/index.js';
import type { RunResult, SyncMode, SyncSettings } from '../../src/sync/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { storedObjects, windowPlace } from '../helpers/optional-resources.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';

type Row = Record<string, unknown>;
const HOUR_SECONDS = 3600;
/** Reviews and tasks due on every run, so each run takes them (windowed unless the complete pass is due). */
const DUE = { resourceCadences: { reviews: 0, tasks: 0 } };

/**
 * Reviews and tasks: most passes read a date window of the list and never mark a deletion; a complete pass
 * (sync full, or once HOSTAWAY_COMPLETE_LIST_SECONDS passed) reads everything and marks what it proves gone.
 */
describe('lists read by a date window (reviews, tasks)', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let accountId: number;
  let full: RunResult;

  const run = (mode: SyncMode, settings: SyncSettings = {}) =>
    createTestEngine(t.db, createTestClient(sim.baseUrl), { ...DUE, ...settings }).run(accountId, mode);
  const payloadOf = async (resource: string, id: unknown) =>
    (await storedObjects(t.db, accountId, resource)).get(String(id))!;
  /** One served object of the resource at that place against its window, not marked deleted. */
  const pick = (resource: string, place: 'inside' | 'before' | 'after') => {
    const row = sim
      .listResourceObjects(accountId, resource)
      .find((r: Row) => r['isCancelled'] !== 1 && windowPlace(resource, r) === place);
    assert.ok(row, `the simulator serves a ${resource} object ${place} the window`);
    return row;
  };
  /** As if the last complete pass started `seconds` earlier than it did. */
  const ageCompletePass = async (resource: string, seconds: number) => {
    const { rows } = await t.db.query<{ cursor: { completeAt: string } }>(
      'SELECT cursor FROM hostaway.sync_state WHERE account_id = $1 AND resource = $2',
      [accountId, resource],
    );
    const completeAt = new Date(Date.parse(rows[0]!.cursor.completeAt) - seconds * 1000).toISOString();
    await t.db.query(
      'UPDATE hostaway.sync_state SET cursor = $3::jsonb WHERE account_id = $1 AND resource = $2',
      [accountId, resource, JSON.stringify({ completeAt })],
    );
  };

  before(async () => {
    sim = await startSimulator({ seed: 21, listings: 3, reservations: 140 });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
    accountId = sim.accounts[0]!.accountId;
    await updateAccount(t.db, accountId, { resources: ['reviews', 'tasks'] });
    full = await run('full');
    assert.equal(full.status, 'succeeded', JSON.stringify(full.error));
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  it('a windowed pass reads only the window and never marks a row deleted; the complete pass does', async () => {
    const gone = [pick('tasks', 'inside'), pick('tasks', 'before'), pick('tasks', 'after')];
    for (const task of gone) sim.deleteResourceObject(accountId, 'tasks', Number(task['id']));
    const inWindow = sim
      .listResourceObjects(accountId, 'tasks')
      .filter((r) => !['before', 'after'].includes(windowPlace('tasks', r)));

    const windowed = await run('incremental');
    const tasks = windowed.resources['tasks']!;
    assert.equal(tasks.status, 'succeeded', tasks.error);
    assert.equal(tasks.fetched, inWindow.length, 'the objects of the window, asked of Hostaway');
    assert.ok(tasks.fetched < full.resources['tasks']!.fetched);
    assert.equal(tasks.complete, false);
    assert.equal(tasks.deleted, 0);
    assert.equal(tasks.deletionChecks, undefined, 'no detail path asked');
    for (const task of gone) assert.equal((await payloadOf('tasks', task['id'])).deleted_at, null);

    // A reconcile within the day reads the window too.
    const reconcile = await run('reconcile');
    assert.equal(reconcile.resources['tasks']!.fetched, inWindow.length);
    assert.equal(reconcile.resources['tasks']!.deleted, 0);

    await ageCompletePass('tasks', 2 * HOUR_SECONDS);
    const complete = await run('incremental', { completeListSeconds: HOUR_SECONDS });
    assert.equal(complete.resources['tasks']!.fetched, full.resources['tasks']!.fetched - gone.length);
    assert.equal(complete.resources['tasks']!.deleted, gone.length);
    for (const task of gone) assert.notEqual((await payloadOf('tasks', task['id'])).deleted_at, null);
  });

  it('a review changed inside the window is picked up by the frequent pass, one outside by the complete pass', async () => {
    const inside = pick('reviews', 'inside');
    const outside = pick('reviews', 'before');
    for (const review of [inside, outside])
      sim.updateResourceObject(accountId, 'reviews', Number(review['id']), {
        publicReview: 'Changed upstream',
      });
    const publicReview = async (review: Row) =>
      ((await payloadOf('reviews', review['id'])).raw_payload as Row)['publicReview'];

    const frequent = await run('incremental');
    assert.equal(frequent.resources['reviews']!.updated, 1);
    assert.equal(await publicReview(inside), 'Changed upstream');
    assert.equal(await publicReview(outside), outside['publicReview'], 'outside the window: not read');

    // The complete pass is due a day (the default) after the last one.
    await ageCompletePass('reviews', 23 * HOUR_SECONDS);
    const early = await run('incremental');
    assert.ok(early.resources['reviews']!.fetched < full.resources['reviews']!.fetched, 'not due yet');
    await ageCompletePass('reviews', HOUR_SECONDS);
    const complete = await run('incremental');
    assert.equal(complete.resources['reviews']!.fetched, full.resources['reviews']!.fetched);
    assert.equal(complete.resources['reviews']!.updated, 1);
    assert.equal(await publicReview(outside), 'Changed upstream');
    assert.equal(complete.resources['reviews']!.complete, true);
  });
});
