import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { updateAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Simulator } from '../../src/simulator/index.js';
import { RESOURCES } from '../../src/sync/registry.js';
import type { Resource } from '../../src/sync/resource.js';
import type { RunResult, SyncMode, SyncSettings } from '../../src/sync/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { servedObjects, storedObjects, windowPlace } from '../helpers/optional-resources.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';

/** Resources fetched per listing or reservation, or into their own tables, have their own test files. */
const TESTED_ELSEWHERE = new Set([
  'calendar',
  'financeFields',
  'listingFeeSettings',
  'ownerStatements',
  'attachments',
]);
const LISTS = RESOURCES.filter((r) => !r.core && !TESTED_ELSEWHERE.has(r.name));
const CORE = ['listings', 'reservations', 'threads'];

/** A key Hostaway does not serve for the resource (its detail path answers 404). */
const phantomKey = (r: Resource) => (r.key === 'code' ? 'ZZ-GONE' : '999999999');
const MARKER = { isDeleted: 'isDeleted', isCancelled: 'isCancelled' } as Record<string, string>;

describe('optional list resources (reviews, tasks, expenses, …, reference lists)', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let customers: Map<number, string>;
  let account: { accountId: number; clientSecret: string };
  let other: number;
  let full: RunResult;
  /** Requests per endpoint of the first full run. */
  let fullRequests: Record<string, number>;

  const run = (mode: SyncMode, settings: SyncSettings = {}, accountId = account.accountId) =>
    createTestEngine(t.db, createTestClient(sim.baseUrl), settings).run(accountId, mode);
  const stored = (r: Resource, accountId = account.accountId) => storedObjects(t.db, accountId, r.name);
  /** Moves a resource's last successes back, as if `seconds` had passed on the database clock. */
  const age = (resource: string, seconds: number) =>
    t.db.query(
      `UPDATE hostaway.sync_state SET
         last_full_success_at = last_full_success_at - make_interval(secs => $2),
         last_incremental_success_at = last_incremental_success_at - make_interval(secs => $2),
         last_reconcile_success_at = last_reconcile_success_at - make_interval(secs => $2)
       WHERE account_id = $1 AND resource = $3`,
      [account.accountId, seconds, resource],
    );
  const insertPhantom = (r: Resource) =>
    t.db.query(
      `INSERT INTO hostaway.resource_objects (account_id, resource, key, customer_id, raw_payload, created_at, updated_at)
       VALUES ($1, $2, $3, $4, '{"id": 999999999}', now() - interval '1 day', now() - interval '1 day')`,
      [account.accountId, r.name, phantomKey(r), customers.get(account.accountId)],
    );

  before(async () => {
    sim = await startSimulator({ seed: 21, accounts: 2, listings: 3, reservations: 140 });
    t = await createTestDatabase();
    customers = await addSimulatedAccounts(t.db, sim);
    account = sim.accounts[0]!;
    other = sim.accounts[1]!.accountId;
    await updateAccount(t.db, account.accountId, { resources: LISTS.map((r) => r.name) });
    await updateAccount(t.db, other, { resources: ['reviews'] });
    sim.resetStats();
    full = await run('full');
    fullRequests = { ...sim.stats.byEndpoint };
    assert.equal(full.status, 'succeeded', JSON.stringify(full.error));
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  it('a full sync stores exactly the served objects of each resource, with the account and customer ids', async () => {
    for (const r of LISTS) {
      const served = await servedObjects(sim, account, r.name);
      const rows = await stored(r);
      assert.ok(served.size > 0, `${r.name}: the simulator serves objects`);
      assert.deepEqual([...rows.keys()].sort(), [...served.keys()].sort(), `${r.name}: keys`);
      for (const [key, payload] of served) {
        const row = rows.get(key)!;
        assert.deepEqual(row.raw_payload, payload, `${r.name} ${key}: payload as served`);
        assert.equal(row.customer_id, customers.get(account.accountId));
        assert.equal(row.parent_id, null);
        const marker = MARKER[r.deletion];
        const marked = marker !== undefined && (payload as Record<string, unknown>)[marker] === 1;
        assert.equal(row.deleted_at !== null, marked, `${r.name} ${key}: deleted only when marked`);
      }
      assert.equal(full.resources[r.name]?.inserted, served.size, `${r.name}: inserted count`);
    }
    const markedExpenses = [...(await stored(LISTS.find((r) => r.name === 'expenses')!)).values()];
    assert.ok(
      markedExpenses.some((row) => row.deleted_at !== null),
      'some expenses carry isDeleted 1',
    );
    sim.resetStats();
  });

  it("each resource's requests equal its stated cost, and count in the run's total", async () => {
    let optional = 0;
    for (const r of LISTS) {
      const objects = (await servedObjects(sim, account, r.name)).size;
      const stated = r.requestsPerRun!({
        listings: 3,
        reservations: 140,
        changedReservations: 0,
        objects,
      });
      assert.equal(fullRequests[`GET ${r.endpoint}`], stated, `${r.name}: requests the simulator saw`);
      assert.equal(full.resources[r.name]?.requests, stated, `${r.name}: requests in the result`);
      optional += stated;
    }
    const core = CORE.reduce((sum, name) => sum + (full.resources[name]?.requests ?? 0), 0);
    assert.equal(full.apiRequests, core + optional);
    sim.resetStats();
  });

  it('an unchanged full re-run writes nothing', async () => {
    const before = new Map(await Promise.all(LISTS.map(async (r) => [r.name, await stored(r)] as const)));
    const again = await run('full');
    for (const r of LISTS) {
      const result = again.resources[r.name]!;
      assert.equal(result.status, 'succeeded', r.name);
      assert.equal(result.inserted + result.updated + (result.deleted ?? 0), 0, `${r.name}: nothing written`);
      const rows = await stored(r);
      for (const [key, row] of rows)
        assert.deepEqual(row.updated_at, before.get(r.name)!.get(key)!.updated_at, `${r.name} ${key}`);
    }
  });

  it('an idle incremental with every list enabled but none due makes the core 4 requests', async () => {
    sim.resetStats();
    const idle = await run('incremental');
    assert.equal(idle.status, 'succeeded');
    assert.equal(idle.apiRequests, 4);
    assert.equal(sim.stats.requests, 4);
    assert.deepEqual(Object.keys(idle.resources).sort(), [...CORE].sort());
  });

  it('a change is picked up by the next run that has the resource due, not by one where it is not', async () => {
    const { accountId } = account;
    // Inside their date windows: a pass that is not complete reads only those (windowed-lists.test.ts).
    const review = sim
      .listResourceObjects(accountId, 'reviews')
      .find((r) => r['isCancelled'] === 0 && windowPlace('reviews', r) === 'inside')!;
    const task = sim
      .listResourceObjects(accountId, 'tasks')
      .find((r) => windowPlace('tasks', r) === 'inside')!;
    const expense = sim.listResourceObjects(accountId, 'expenses').find((e) => e['isDeleted'] === 0)!;
    sim.updateResourceObject(accountId, 'reviews', Number(review['id']), {
      publicReview: 'Changed upstream',
    });
    sim.updateResourceObject(accountId, 'tasks', Number(task['id']), { status: 'inProgress' });
    sim.updateResourceObject(accountId, 'expenses', Number(expense['id']), { amount: -99.5 });
    const changed = { reviews: review['id'], tasks: task['id'], expenses: expense['id'] } as Record<
      string,
      unknown
    >;
    const rowOf = async (name: string) =>
      (await stored(LISTS.find((r) => r.name === name)!)).get(String(changed[name]))!;

    sim.resetStats();
    const notDue = await run('incremental');
    assert.equal(notDue.apiRequests, 4, 'none due yet');
    assert.equal(
      ((await rowOf('reviews')).raw_payload as Record<string, unknown>)['publicReview'],
      review['publicReview'],
    );

    for (const name of Object.keys(changed)) await age(name, 86_400);
    sim.resetStats();
    const due = await run('incremental');
    assert.deepEqual(Object.keys(due.resources).sort(), [...CORE, ...Object.keys(changed)].sort());
    for (const name of Object.keys(changed)) {
      assert.equal(due.resources[name]?.updated, 1, `${name}: one row updated`);
      assert.equal(due.resources[name]?.inserted, 0);
    }
    assert.equal(
      ((await rowOf('reviews')).raw_payload as Record<string, unknown>)['publicReview'],
      'Changed upstream',
    );
    assert.equal(((await rowOf('tasks')).raw_payload as Record<string, unknown>)['status'], 'inProgress');
    assert.equal(((await rowOf('expenses')).raw_payload as Record<string, unknown>)['amount'], -99.5);
    assert.equal(
      due.apiRequests,
      4 + ['reviews', 'tasks', 'expenses'].reduce((s, n) => s + due.resources[n]!.requests!, 0),
    );
  });

  it('a configured cadence decides when a resource is due', async () => {
    await age('reviews', 120);
    const short = await run('incremental', { resourceCadences: { reviews: 60 } });
    assert.ok(short.resources['reviews'], 'due after 120 s with a 60 s cadence');
    await age('reviews', 120);
    const long = await run('incremental');
    assert.equal(long.resources['reviews'], undefined, 'not due after 120 s with the default 6 h');
  });

  it('deletion markers set deleted_at, and clear it when the marker goes back to 0', async () => {
    const { accountId } = account;
    const review = sim.listResourceObjects(accountId, 'reviews').find((r) => r['isCancelled'] === 0)!;
    const expense = sim.listResourceObjects(accountId, 'expenses').find((e) => e['isDeleted'] === 0)!;
    sim.updateResourceObject(accountId, 'reviews', Number(review['id']), { isCancelled: 1 });
    sim.deleteResourceObject(accountId, 'expenses', Number(expense['id']));
    await run('full');
    const reviews = await stored(LISTS.find((r) => r.name === 'reviews')!);
    const expenses = await stored(LISTS.find((r) => r.name === 'expenses')!);
    assert.ok(reviews.get(String(review['id']))!.deleted_at, 'cancelled review marked');
    assert.ok(expenses.get(String(expense['id']))!.deleted_at, 'deleted expense marked');

    sim.updateResourceObject(accountId, 'expenses', Number(expense['id']), { isDeleted: 0 });
    await run('full');
    const restored = await stored(LISTS.find((r) => r.name === 'expenses')!);
    assert.equal(restored.get(String(expense['id']))!.deleted_at, null, 'marker back to 0 clears it');
  });

  it('a row Hostaway no longer lists is deleted as its resource proves it: a 404, a whole answer, or never', async () => {
    for (const r of LISTS) await insertPhantom(r);
    const tasks = LISTS.find((r) => r.name === 'tasks')!;
    const phantomOf = async (r: Resource) => (await stored(r)).get(phantomKey(r))!;
    const proof = (r: Resource) => r.deletion;

    // No deletion checks allowed: only lists answered whole may mark what they no longer hold.
    const noBudget = await run('full', { deletionChecksPerRun: 0 });
    for (const r of LISTS) {
      const gone = proof(r) === 'absence-from-single-answer';
      assert.equal((await phantomOf(r)).deleted_at !== null, gone, `${r.name} (${proof(r)}), no checks`);
      assert.equal(noBudget.resources[r.name]?.deleted ?? 0, gone ? 1 : 0, r.name);
      if (proof(r) === 'absence') assert.equal(noBudget.resources[r.name]?.deletionPending, 1, r.name);
    }

    // A failing detail check proves nothing: the task stays live and pending; the others answer 404.
    sim.injectFaults({ kind: '500', count: 20, pathPrefix: '/v1/tasks/999999999' });
    sim.resetStats();
    const checked = await run('full');
    sim.clearFaults();
    assert.equal((await phantomOf(tasks)).deleted_at, null, 'no 404, no deletion');
    assert.equal(checked.resources['tasks']?.deletionPending, 1);
    for (const r of LISTS.filter((x) => proof(x) === 'absence' && x !== tasks)) {
      assert.ok((await phantomOf(r)).deleted_at, `${r.name}: deleted after its 404`);
      assert.equal(checked.resources[r.name]?.deleted, 1, r.name);
      assert.equal(checked.resources[r.name]?.deletionChecks, 1, `${r.name}: one detail request`);
      const stated = checked.resources[r.name]!.requests! - 1;
      assert.equal(sim.stats.byEndpoint[`GET ${r.endpoint}`], stated, `${r.name}: list requests`);
    }
    for (const r of LISTS.filter((x) => proof(x) !== 'absence' && proof(x) !== 'absence-from-single-answer'))
      assert.equal(
        (await phantomOf(r)).deleted_at,
        null,
        `${r.name} (${proof(r)}): never deleted by absence`,
      );

    const proved = await run('full');
    assert.ok((await phantomOf(tasks)).deleted_at, 'the task is deleted once GET /tasks/{id} answers 404');
    assert.equal(proved.resources['tasks']?.deleted, 1);
  });

  it('a failing optional resource makes the run partial and stops nothing else', async () => {
    sim.injectFaults({ kind: '500', count: 20, pathPrefix: '/v1/coupons' });
    const result = await run('full');
    sim.clearFaults();
    assert.equal(result.status, 'partial');
    assert.equal(result.resources['coupons']?.status, 'failed');
    for (const name of [...CORE, ...LISTS.map((r) => r.name).filter((n) => n !== 'coupons')])
      assert.equal(result.resources[name]?.status, 'succeeded', name);
    const again = await run('incremental');
    assert.equal(again.resources['coupons']?.status, 'succeeded', 'the next run tries it again');
    const later = await run('incremental');
    assert.equal(later.resources['coupons'], undefined, 'then it waits for its cadence');
  });

  it("another account's rows and requests are its own", async () => {
    sim.resetStats();
    const result = await run('full', {}, other);
    assert.equal(result.status, 'succeeded');
    assert.deepEqual(Object.keys(result.resources).sort(), [...CORE, 'reviews'].sort());
    const reviews = await stored(
      LISTS.find((r) => r.name === 'reviews')!,
      other,
    );
    assert.equal(reviews.size, sim.listResourceObjects(other, 'reviews').length);
    for (const row of reviews.values()) assert.equal(row.customer_id, customers.get(other));
  });
});
