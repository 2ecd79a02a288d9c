import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { updateAccount } from '../../src/db/accounts/accounts-repo.js';
import type { AccountApi, HostawayClient } from '../../src/hostaway/client.js';
import { createSilentLogger } from '../../src/logger.js';
import type { Simulator } from '../../src/simulator/index.js';
import {
  calendarResource,
  calendarWindow,
  createCalendarResource,
} from '../../src/sync/resources/calendar.js';
import {
  financeFieldRequests,
  financeFieldsResource,
  rollingSlice,
} from '../../src/sync/resources/finance-fields.js';
import { findResource } from '../../src/sync/registry.js';
import type { AccountSize } from '../../src/sync/resource.js';
import {
  ownerStatementFullRequests,
  ownerStatementsResource,
} from '../../src/sync/resources/owner-statements.js';
import {
  emptyCounts,
  type ResourceContext,
  type ResourceResult,
  type RunResult,
  type SyncSettings,
} from '../../src/sync/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';

type Row = Record<string, unknown>;
type Payload = Record<string, unknown>;

const FAN_OUT = ['calendar', 'financeFields', 'listingFeeSettings', 'ownerStatements'];
const BACK = 3;
const AHEAD = 10;
const VERIFY = 5;
const LISTINGS = 3;
const RESERVATIONS = 20;
/** Every fan-out resource due on every run, so each incremental run takes them. */
const ALWAYS_DUE = Object.fromEntries(FAN_OUT.map((name) => [name, 0]));
const SETTINGS: SyncSettings = {
  fanOut: { calendarDaysBack: BACK, calendarDaysAhead: AHEAD, financeFieldsVerifyPerRun: VERIFY },
};

const size = (partial: Partial<AccountSize>): AccountSize => ({
  listings: 0,
  reservations: 0,
  objects: 0,
  changedReservations: 0,
  ...partial,
});

describe('fan-out resources: calendar, finance fields, listing fee settings, owner statements', () => {
  let test: TestDatabase;
  let sim: Simulator;
  let client: HostawayClient;
  let api: AccountApi;
  let accountId: number;
  let customerId: string;
  const rows = async (sql: string, params: unknown[] = [accountId]) =>
    (await test.db.query<Row>(sql, params)).rows;
  const objects = (resource: string) =>
    rows(
      `SELECT key, parent_id, raw_payload, deleted_at, updated_at FROM hostaway.resource_objects
       WHERE account_id = $1 AND resource = $2 ORDER BY key`,
      [accountId, resource],
    );
  const served = async (path: string) => (await api.get<unknown>(path)).result;
  const engine = (settings: SyncSettings = {}) =>
    createTestEngine(test.db, client, { settings: { ...SETTINGS, ...settings } });
  const endpointCount = (route: string) => sim.stats.byEndpoint[`GET ${route}`] ?? 0;
  /** Runs once, returning the run and how many requests the simulator counted per fan-out endpoint. */
  const run = async (mode: 'full' | 'incremental' | 'reconcile', settings: SyncSettings = {}) => {
    sim.resetStats();
    const result = await engine(settings).run(accountId, mode);
    assert.notEqual(result.status, 'failed', JSON.stringify(result.error));
    const counted = {
      calendar: endpointCount('/listings/:id/calendar'),
      financeFields: endpointCount('/financeField/:reservationId'),
      listingFeeSettings: endpointCount('/listingFeeSettings/:listingId'),
      ownerStatements: endpointCount('/ownerStatements') + endpointCount('/ownerStatement/:id'),
    };
    return { result, counted };
  };
  const resultOf = (result: RunResult, name: string): ResourceResult => {
    const found = result.resources[name];
    assert.ok(found, `${name} ran`);
    assert.equal(found.status, 'succeeded', found.error);
    return found;
  };
  const written = (r: ResourceResult) => r.inserted + r.updated + r.deleted;
  const liveCount = async (table: string) =>
    Number(
      (
        await rows(`SELECT count(*) AS n FROM hostaway.${table} WHERE account_id = $1 AND deleted_at IS NULL`)
      )[0]!['n'],
    );

  before(async () => {
    test = await createTestDatabase();
    sim = await startSimulator({ seed: 5, listings: LISTINGS, reservations: RESERVATIONS });
    accountId = sim.accounts[0]!.accountId;
    customerId = (await addSimulatedAccounts(test.db, sim)).get(accountId)!;
    await updateAccount(test.db, accountId, { resources: [...FAN_OUT, 'reviews', 'tasks', 'guestCharges'] });
    client = createTestClient(sim.baseUrl);
    api = client.forAccount({ accountId, clientSecret: sim.accounts[0]!.clientSecret });
  });
  after(async () => {
    client.close();
    await sim.close();
    await test.drop();
  });

  it('a full run stores exactly what the simulator serves, at the stated cost', async () => {
    const { result, counted } = await run('full');
    const listings = await liveCount('listings');
    const reservations = await liveCount('reservations');
    assert.deepEqual([listings, reservations], [LISTINGS, RESERVATIONS]);

    // Calendar: one row per listing-day of the window, each day exactly as served.
    const window = calendarWindow(result.startedAt ? new Date(result.startedAt) : new Date(), BACK, AHEAD);
    const days = await rows(
      `SELECT listing_id, day::text AS day, raw_payload, customer_id::text AS customer_id FROM hostaway.listing_calendar
       WHERE account_id = $1 ORDER BY listing_id, day`,
    );
    assert.equal(days.length, LISTINGS * (BACK + AHEAD + 1));
    const expectedDays = sim.listListings(accountId).flatMap((l) =>
      sim.getCalendar(accountId, Number(l['id']), window.startDate, window.endDate).map((d) => ({
        listing_id: Number(l['id']),
        day: d['date'],
        raw_payload: d,
        customer_id: customerId,
      })),
    );
    assert.deepEqual(
      days.map((d) => ({ ...d, listing_id: Number(d['listing_id']) })),
      expectedDays,
    );

    // Finance fields: every reservation's items under it, isDeleted honoured.
    const fields = await objects('financeFields');
    const expectedFields = sim
      .listReservations(accountId)
      .flatMap((r) => sim.listFinanceFields(accountId, Number(r['id'])).map((f) => ({ f, parent: r['id'] })));
    assert.equal(fields.length, expectedFields.length);
    const byKey = new Map(fields.map((f) => [f['key'], f]));
    for (const { f, parent } of expectedFields) {
      const row = byKey.get(String(f['id']));
      assert.ok(row, `finance field ${String(f['id'])} stored`);
      assert.deepEqual(row['raw_payload'], f);
      assert.equal(Number(row['parent_id']), parent);
      assert.equal(row['deleted_at'] !== null, f['isDeleted'] === 1);
    }

    // Listing fee settings: each listing's whole answer, under the listing.
    const fees = await objects('listingFeeSettings');
    const expectedFees: { item: Payload; parent: number }[] = [];
    for (const listing of sim.listListings(accountId)) {
      const id = Number(listing['id']);
      for (const item of (await served(`/listingFeeSettings/${id}`)) as Payload[])
        expectedFees.push({ item, parent: id });
    }
    assert.ok(expectedFees.length > 0, 'the seed gives at least one listing a fee setting');
    assert.deepEqual(
      fees.map((f) => [f['raw_payload'], Number(f['parent_id']), f['deleted_at']]),
      expectedFees.map((e) => [e.item, e.parent, null]),
    );

    // Owner statements: the detail of every listed statement.
    const listed = (await served('/ownerStatements')) as Payload[];
    const statements = await objects('ownerStatements');
    assert.equal(statements.length, listed.length);
    for (const [index, row] of statements.entries())
      assert.deepEqual(
        row['raw_payload'],
        await served(`/ownerStatement/${row['key'] as string}`),
        `#${index}`,
      );

    // Requests: each equals its stated cost, as the engine and the simulator counted them.
    const stated = {
      calendar: calendarResource.requestsPerRun!(size({ listings })),
      financeFields: financeFieldRequests('full', size({ reservations }), VERIFY),
      listingFeeSettings: findResource('listingFeeSettings')!.requestsPerRun!(size({ listings })),
      ownerStatements: ownerStatementFullRequests(size({ objects: listed.length })),
    };
    // Owner statements: 6 listed (a short first page without count could be a cap: one more, empty) + 6 details.
    assert.deepEqual(stated, { calendar: 3, financeFields: 20, listingFeeSettings: 3, ownerStatements: 8 });
    assert.deepEqual(counted, stated);
    for (const name of FAN_OUT)
      assert.equal(resultOf(result, name).requests, stated[name as keyof typeof stated]);
  });

  it('an unchanged re-run writes nothing; an idle incremental costs its stated requests, 0 when not due', async () => {
    const before = await rows(
      `SELECT (SELECT max(updated_at) FROM hostaway.listing_calendar WHERE account_id = $1) AS calendar,
              (SELECT max(updated_at) FROM hostaway.resource_objects WHERE account_id = $1) AS objects`,
    );
    const full = await run('full');
    for (const name of FAN_OUT) assert.equal(written(resultOf(full.result, name)), 0, name);

    const idle = await run('incremental', { resourceCadences: ALWAYS_DUE });
    const listed = ((await served('/ownerStatements')) as Payload[]).length;
    const stated = {
      calendar: calendarResource.requestsPerRun!(size({ listings: LISTINGS })),
      financeFields: financeFieldsResource.requestsPerRun!(size({ reservations: RESERVATIONS })),
      listingFeeSettings: LISTINGS,
      ownerStatements: ownerStatementsResource.requestsPerRun!(size({ objects: listed })),
    };
    assert.deepEqual(stated, { calendar: 3, financeFields: 0, listingFeeSettings: 3, ownerStatements: 2 });
    assert.deepEqual(idle.counted, stated);
    for (const name of FAN_OUT) {
      assert.equal(written(resultOf(idle.result, name)), 0, name);
      assert.equal(resultOf(idle.result, name).requests, stated[name as keyof typeof stated]);
    }
    const afterRuns = await rows(
      `SELECT (SELECT max(updated_at) FROM hostaway.listing_calendar WHERE account_id = $1) AS calendar,
              (SELECT max(updated_at) FROM hostaway.resource_objects WHERE account_id = $1) AS objects`,
    );
    assert.deepEqual(afterRuns, before);

    // Not due (cadences of an hour and a day, last success just now): not run, no request.
    const notDue = await run('incremental');
    for (const name of FAN_OUT) assert.equal(notDue.result.resources[name], undefined, name);
    assert.deepEqual(notDue.counted, {
      calendar: 0,
      financeFields: 0,
      listingFeeSettings: 0,
      ownerStatements: 0,
    });
  });

  it('changes and deletion markers are picked up by the next run that has the resource due', async () => {
    const [listing] = sim
      .listListings(accountId)
      .filter((l) => (l['listingFeeSetting'] as unknown[]).length > 0);
    const listingId = Number(listing!['id']);
    // The two lowest ids: the first reconcile's rolling verification starts with them.
    const [first, second] = sim
      .listReservations(accountId)
      .map((r) => Number(r['id']))
      .sort((a, b) => a - b);
    const window = calendarWindow(new Date(), BACK, AHEAD);
    sim.updateCalendar(accountId, listingId, { startDate: window.endDate, price: 4321, isAvailable: 0 });
    sim.updateListing(accountId, listingId, { listingFeeSetting: [] });
    // A finance field changes with its reservation (incremental reads the reservations this run wrote).
    sim.updateReservation(accountId, first!, { doorCode: '9876' });
    const [changedField, deletedField] = sim.listFinanceFields(accountId, first!);
    sim.updateFinanceField(accountId, first!, Number(changedField!['id']), { value: 777, total: 777 });
    sim.deleteFinanceField(accountId, first!, Number(deletedField!['id']));

    const { result, counted } = await run('incremental', { resourceCadences: ALWAYS_DUE });
    assert.equal(counted.financeFields, 1);
    assert.equal(
      resultOf(result, 'financeFields').requests,
      financeFieldRequests('incremental', size({ changedReservations: 1 }), VERIFY),
    );
    assert.deepEqual([resultOf(result, 'calendar').updated, resultOf(result, 'calendar').inserted], [1, 0]);
    const day = await rows(
      `SELECT raw_payload FROM hostaway.listing_calendar WHERE account_id = $1 AND listing_id = $2 AND day = $3`,
      [accountId, listingId, window.endDate],
    );
    assert.deepEqual(
      [day[0]!['raw_payload'] as Payload].map((p) => [p['price'], p['status'], p['isAvailable']]),
      [[4321, 'blocked', 0]],
    );
    const fields = new Map((await objects('financeFields')).map((f) => [f['key'], f]));
    assert.equal((fields.get(String(changedField!['id']))!['raw_payload'] as Payload)['value'], 777);
    assert.notEqual(fields.get(String(deletedField!['id']))!['deleted_at'], null);
    // Every fee setting of the listing gone at once: held (an empty answer is no proof) until the next pass.
    const storedFees = (await objects('listingFeeSettings')).filter(
      (f) => Number(f['parent_id']) === listingId,
    );
    const held = result.resources['listingFeeSettings']!;
    assert.deepEqual([held.status, held.deleted, held.deletionsHeld], ['partial', 0, storedFees.length]);
    assert.ok(storedFees.length > 0 && storedFees.every((f) => f['deleted_at'] === null));

    // A field changed without its reservation: reconcile's rolling verification reads it (lowest ids first).
    const secondField = sim.listFinanceFields(accountId, second!)[0]!;
    sim.deleteFinanceField(accountId, second!, Number(secondField['id']));
    const incremental = await run('incremental', { resourceCadences: ALWAYS_DUE });
    assert.equal(incremental.counted.financeFields, 0);
    // The listing's answer is still empty: its fee settings are marked deleted now.
    assert.equal(resultOf(incremental.result, 'listingFeeSettings').deleted, storedFees.length);
    const fees = (await objects('listingFeeSettings')).filter((f) => Number(f['parent_id']) === listingId);
    assert.ok(fees.every((f) => f['deleted_at'] !== null));
    const reconcile = await run('reconcile');
    const stated = financeFieldRequests('reconcile', size({ reservations: RESERVATIONS }), VERIFY);
    assert.equal(stated, VERIFY);
    assert.equal(reconcile.counted.financeFields, stated);
    assert.equal(resultOf(reconcile.result, 'financeFields').requests, stated);
    const marked = (await objects('financeFields')).find((f) => f['key'] === String(secondField['id']));
    assert.notEqual(marked!['deleted_at'], null);
    // The marker going back to 0 clears deleted_at.
    sim.updateFinanceField(accountId, second!, Number(secondField['id']), { isDeleted: 0 });
    sim.updateReservation(accountId, second!, { doorCode: '1234' });
    await run('incremental', { resourceCadences: ALWAYS_DUE });
    const cleared = (await objects('financeFields')).find((f) => f['key'] === String(secondField['id']));
    assert.equal(cleared!['deleted_at'], null);
    // The next reconcile goes on after the last reservation the previous one verified.
    const ids = sim
      .listReservations(accountId)
      .map((r) => Number(r['id']))
      .sort((a, b) => a - b);
    const cursor = await rows(
      `SELECT cursor FROM hostaway.sync_state WHERE account_id = $1 AND resource = 'financeFields'`,
    );
    assert.equal((cursor[0]!['cursor'] as Payload)['verifiedThrough'], ids[VERIFY - 1]);

    // A field missing from its reservation's whole answer is marked deleted.
    const servedFields = sim.listFinanceFields(accountId, second!);
    sim.injectFaults({
      kind: 'body',
      pathPrefix: `/v1/financeField/${second!}`,
      body: JSON.stringify({ status: 'success', result: servedFields.slice(1) }),
    });
    sim.updateReservation(accountId, second!, { doorCode: '5678' });
    const missing = await run('incremental', { resourceCadences: ALWAYS_DUE });
    assert.equal(resultOf(missing.result, 'financeFields').deleted, 1);
    const dropped = (await objects('financeFields')).find((f) => f['key'] === String(servedFields[0]!['id']));
    assert.notEqual(dropped!['deleted_at'], null);

    // A reservation changed by a run that does not take finance fields is read by the next one that does.
    sim.updateReservation(accountId, first!, { doorCode: '2468' });
    const notDue = await run('incremental');
    assert.deepEqual(
      [notDue.result.resources['financeFields'], notDue.counted.financeFields],
      [undefined, 0],
    );
    const due = await run('incremental', { resourceCadences: ALWAYS_DUE });
    assert.equal(due.counted.financeFields, 1);
    assert.equal(resultOf(due.result, 'financeFields').requests, 1);

    // A reservation Hostaway answers 404 for is gone: nothing written, its stored fields left, no error.
    const storedBefore = (await objects('financeFields')).filter((f) => Number(f['parent_id']) === first);
    sim.updateReservation(accountId, first!, { doorCode: '1357' });
    sim.injectFaults({
      kind: 'body',
      status: 404,
      pathPrefix: `/v1/financeField/${first!}`,
      body: JSON.stringify({ status: 'fail', message: 'Resource not found' }),
    });
    const gone = await run('incremental', { resourceCadences: ALWAYS_DUE });
    const goneResult = resultOf(gone.result, 'financeFields');
    assert.deepEqual([goneResult.requests, written(goneResult)], [1, 0]);
    const storedAfter = (await objects('financeFields')).filter((f) => Number(f['parent_id']) === first);
    assert.deepEqual(storedAfter, storedBefore);
  });

  it('the rolling verification reads the next reservations after the last one read, wrapping round', () => {
    const live = [1, 2, 3, 4, 5, 6, 7];
    assert.deepEqual(rollingSlice(live, 0, 3, new Set()), [1, 2, 3]);
    assert.deepEqual(rollingSlice(live, 3, 3, new Set([5])), [4, 6, 7]);
    assert.deepEqual(rollingSlice(live, 7, 3, new Set()), [1, 2, 3]);
    assert.deepEqual(rollingSlice(live, 6, 10, new Set([1])), [7, 2, 3, 4, 5, 6]);
  });

  it('an owner statement no longer listed is marked deleted only after a 404 from its detail path', async () => {
    const listed = (await served('/ownerStatements')) as Payload[];
    const [gone, hidden] = listed;
    const remaining = listed.filter((s) => s !== gone && s !== hidden);
    sim.injectFaults({
      kind: 'body',
      pathPrefix: '/v1/ownerStatements',
      body: JSON.stringify({ status: 'success', result: remaining }),
    });
    sim.injectFaults({
      kind: 'body',
      status: 404,
      pathPrefix: `/v1/ownerStatement/${String(gone!['id'])}`,
      body: JSON.stringify({ status: 'fail', message: 'Resource not found' }),
    });
    const { result } = await run('incremental', { resourceCadences: ALWAYS_DUE });
    const statements = resultOf(result, 'ownerStatements');
    assert.deepEqual([statements.deleted, statements.deletionChecks, statements.inserted], [1, 2, 0]);
    const rowsNow = new Map((await objects('ownerStatements')).map((s) => [s['key'], s['deleted_at']]));
    assert.notEqual(rowsNow.get(String(gone!['id'])), null);
    assert.equal(rowsNow.get(String(hidden!['id'])), null, 'still served by its detail path: kept');
    // Listed again: read again and live.
    const back = await run('incremental', { resourceCadences: ALWAYS_DUE });
    assert.equal(resultOf(back.result, 'ownerStatements').updated, 1);
    assert.equal(back.counted.ownerStatements, 3, 'two list pages (the second empty) and one detail');
  });

  it('the calendar window moves without dropping or deleting days; a deleted listing is asked no more', async () => {
    const ctx = (now: Date): ResourceContext => ({
      db: test.db,
      api,
      account: { accountId, customerId },
      mode: 'incremental',
      logger: createSilentLogger(),
      threadConcurrency: 1,
      progress: () => undefined,
      checkpoint: () => undefined,
      seen: new Set(),
      counts: emptyCounts(),
      cursor: undefined,
      setCursor: () => undefined,
      changedReservations: new Set(),
      startedAt: now,
      settings: SETTINGS,
    });
    const countDays = async () =>
      Number(
        (await rows('SELECT count(*) AS n FROM hostaway.listing_calendar WHERE account_id = $1'))[0]!['n'],
      );
    const start = await countDays();
    const later = new Date(Date.now() + 5 * 86_400_000);
    const moved = await createCalendarResource({ now: () => later }).sync(ctx(later));
    // Five new days per listing at the front; the overlap is unchanged; the five oldest stay as they were.
    assert.deepEqual([moved.inserted, moved.updated], [5 * LISTINGS, 0]);
    assert.equal(await countDays(), start + 5 * LISTINGS);
    const oldest = calendarWindow(new Date(), BACK, AHEAD).startDate;
    assert.equal(
      (await rows('SELECT min(day)::text AS d FROM hostaway.listing_calendar WHERE account_id = $1'))[0]![
        'd'
      ],
      oldest,
    );

    const [deleted] = sim.listListings(accountId);
    sim.deleteListing(accountId, Number(deleted!['id']));
    const { result, counted } = await run('full');
    assert.equal(await liveCount('listings'), LISTINGS - 1);
    assert.equal(counted.calendar, LISTINGS - 1);
    assert.equal(resultOf(result, 'calendar').requests, LISTINGS - 1);
    assert.equal(await countDays(), start + 5 * LISTINGS, 'the deleted listing keeps its days');
  });

  it('a reservation committed after a pass read it, with an earlier updated_at, is read by the next pass once', async () => {
    await run('incremental', { resourceCadences: ALWAYS_DUE });
    const late = Math.max(...sim.listReservations(accountId).map((r) => Number(r['id'])));
    const field = sim.listFinanceFields(accountId, late)[0]!;
    sim.updateFinanceField(accountId, late, Number(field['id']), { value: 4242, total: 4242 });
    // A write (of what Hostaway serves) by a transaction that began before that pass read and committed
    // after it: its row has the earlier time.
    const [state] = await rows(
      `SELECT cursor FROM hostaway.sync_state WHERE account_id = $1 AND resource = 'financeFields'`,
    );
    await test.db.query(
      `UPDATE hostaway.reservations SET updated_at = $3::timestamptz - interval '1 second'
       WHERE account_id = $1 AND id = $2`,
      [accountId, late, (state!['cursor'] as Payload)['changedSince']],
    );
    const next = await run('incremental', { resourceCadences: ALWAYS_DUE });
    assert.equal(next.counted.financeFields, 1);
    const stored = (await objects('financeFields')).find((f) => f['key'] === String(field['id']));
    assert.equal((stored!['raw_payload'] as Payload)['value'], 4242);
    const again = await run('incremental', { resourceCadences: ALWAYS_DUE });
    assert.equal(again.counted.financeFields, 0, 'read once, not on every pass of the overlap');
  });
});
