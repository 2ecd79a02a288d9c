import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { insertAccount } from '../../src/db/accounts/accounts-repo.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

type Row = Record<string, unknown>;

const ACCOUNT = 4242;
const LOFT = 1;
const GONE_LISTING = 2;
const HOUR_MS = 3_600_000;
/** A Hostaway UTC datetime `hours` from now. */
const hostawayTime = (hours: number) =>
  new Date(Date.now() + hours * HOUR_MS).toISOString().slice(0, 19).replace('T', ' ');

/** The views over the further resources, on hand-written rows whose figures are known. */
describe('views over the further resources', () => {
  let test: TestDatabase;
  const q = async (sql: string, params: unknown[] = []) => (await test.db.query<Row>(sql, params)).rows;
  const object = (
    resource: string,
    key: number,
    payload: object,
    extra: { parent?: number; deleted?: boolean } = {},
  ) =>
    q(
      `INSERT INTO hostaway.resource_objects (account_id, customer_id, resource, key, parent_id, raw_payload, deleted_at)
       SELECT account_id, customer_id, $2, $3, $4, $5::jsonb, CASE WHEN $6 THEN now() END
       FROM hostaway.accounts WHERE account_id = $1`,
      [ACCOUNT, resource, String(key), extra.parent ?? null, JSON.stringify(payload), extra.deleted === true],
    );

  before(async () => {
    test = await createTestDatabase();
    await insertAccount(test.db, { accountId: ACCOUNT, customerId: randomUUID(), clientSecret: 'secret' });
    const insert = (table: string, columns: string, values: string) =>
      q(
        `INSERT INTO hostaway.${table} (account_id, customer_id, ${columns})
         SELECT account_id, customer_id, ${values} FROM hostaway.accounts WHERE account_id = $1`,
        [ACCOUNT],
      );
    await insert('listings', 'id, raw_payload', `${LOFT}, '{"id":1,"name":"Loft","currencyCode":"EUR"}'`);
    await insert(
      'listings',
      'id, raw_payload, deleted_at',
      `${GONE_LISTING}, '{"id":2,"name":"Gone"}', now()`,
    );
    const day = (listing: number, date: string, payload: object) =>
      insert(
        'listing_calendar',
        'listing_id, day, raw_payload',
        `${listing}, '${date}', '${JSON.stringify(payload)}'`,
      );
    await day(LOFT, '2027-01-01', {
      date: '2027-01-01',
      isAvailable: 1,
      status: 'available',
      price: 120.5,
      minimumStay: 2,
      maximumStay: 30,
      closedOnArrival: 0,
      closedOnDeparture: null,
      note: null,
    });
    await day(LOFT, '2027-01-02', { date: '2027-01-02', isAvailable: 0, status: 'reserved', price: 'n/a' });
    await day(GONE_LISTING, '2027-01-01', {
      date: '2027-01-01',
      isAvailable: 1,
      status: 'available',
      price: 1,
    });

    const review = (id: number, fields: object, deleted = false) =>
      object(
        'reviews',
        id,
        { id, listingMapId: LOFT, listingName: 'Loft (old name)', ...fields },
        { deleted },
      );
    await review(1, {
      type: 'guest-to-host',
      status: 'published',
      rating: 8,
      departureDate: '2026-10-01 10:00:00',
    });
    await review(2, {
      type: 'guest-to-host',
      status: 'published',
      rating: 10,
      publicReview: 'Great',
      departureDate: '2026-11-01 10:00:00',
    });
    await review(3, {
      type: 'guest-to-host',
      status: 'awaiting',
      rating: null,
      departureDate: '2026-12-01 10:00:00',
    });
    await review(4, {
      type: 'host-to-guest',
      status: 'published',
      rating: 9,
      departureDate: '2026-11-01 10:00:00',
    });
    await review(5, { type: 'guest-to-host', status: 'expired', rating: 1, isCancelled: 1 }, true);

    const task = (id: number, status: string, dueInHours: number, deleted = false) =>
      object(
        'tasks',
        id,
        {
          id,
          listingMapId: LOFT,
          title: 'Cleaning',
          status,
          shouldEndBy: hostawayTime(dueInHours),
          cost: 10,
        },
        { deleted },
      );
    await task(1, 'pending', -24);
    await task(2, 'confirmed', 48);
    await task(3, 'completed', -72);
    await task(4, 'pending', -24, true);

    const reservation = (id: number, deleted: boolean) =>
      insert(
        'reservations',
        'id, listing_id, raw_payload, deleted_at',
        `${id}, ${LOFT}, '{"id":${id},"guestName":"Ada","status":"new","currency":"EUR","totalPrice":500}', ${deleted ? 'now()' : 'NULL'}`,
      );
    await reservation(100, false);
    await reservation(101, false);
    await reservation(102, true);
    const field = (id: number, type: string, total: number, deleted = false) =>
      object(
        'financeFields',
        id,
        { id, type, name: type, title: type, value: total, total, isDeleted: deleted ? 1 : 0 },
        {
          parent: 100,
          deleted,
        },
      );
    await field(11, 'price', 400);
    await field(12, 'fee', 50);
    await field(13, 'tax', 50);
    await field(14, 'commissions', 60);
    await field(15, 'totals', 500);
    await field(16, 'fee', 999, true);
    await object('financeFields', 17, { id: 17, type: 'price', total: 1 }, { parent: 102 });
    const charge = (id: number, type: string, status: string, amount: number, deleted = false) =>
      object('guestCharges', id, { id, reservationId: 100, type, status, amount }, { deleted });
    await charge(21, 'charge', 'paid', 300);
    await charge(22, 'charge', 'awaiting', 200);
    await charge(23, 'preAuth', 'awaiting', 150);
    await charge(24, 'charge', 'paid', 1000, true);
  });
  after(async () => {
    await test.drop();
  });

  it('calendar_days: one typed row per listing-day, unreadable values null, deleted listings left out', async () => {
    const rows = await q(
      `SELECT listing_id, date::text AS date, listing_name, available, status, price::text AS price, currency,
         minimum_stay, maximum_stay, closed_on_arrival, closed_on_departure, note
       FROM hostaway.calendar_days WHERE account_id = $1 ORDER BY listing_id, date`,
      [ACCOUNT],
    );
    assert.deepEqual(
      rows.map((r) => ({ ...r, listing_id: Number(r['listing_id']) })),
      [
        {
          listing_id: LOFT,
          date: '2027-01-01',
          listing_name: 'Loft',
          available: true,
          status: 'available',
          price: '120.5',
          currency: 'EUR',
          minimum_stay: 2,
          maximum_stay: 30,
          closed_on_arrival: false,
          closed_on_departure: null,
          note: null,
        },
        {
          listing_id: LOFT,
          date: '2027-01-02',
          listing_name: 'Loft',
          available: false,
          status: 'reserved',
          price: null,
          currency: 'EUR',
          minimum_stay: null,
          maximum_stay: null,
          closed_on_arrival: null,
          closed_on_departure: null,
          note: null,
        },
      ],
    );
  });

  it('review_summary: guest reviews, average and latest rating per listing; cancelled reviews left out', async () => {
    const rows = await q(
      `SELECT listing_id, listing_name, guest_reviews, rated_reviews, average_rating::text AS average_rating,
         lowest_rating::text AS lowest_rating, awaiting_reviews, host_reviews, latest_rating::text AS latest_rating,
         latest_review, to_char(latest_review_departure AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS latest_departure
       FROM hostaway.review_summary WHERE account_id = $1`,
      [ACCOUNT],
    );
    assert.deepEqual(rows, [
      {
        listing_id: LOFT,
        listing_name: 'Loft',
        guest_reviews: 3,
        rated_reviews: 2,
        average_rating: '9.00',
        lowest_rating: '8',
        awaiting_reviews: 1,
        host_reviews: 1,
        latest_rating: '10',
        latest_review: 'Great',
        latest_departure: '2026-11-01',
      },
    ]);
  });

  it('task_summary: open, overdue and due tasks per listing, status and title; deleted tasks left out', async () => {
    const rows = await q(
      `SELECT status, title, tasks, open, overdue, due_within_7_days, next_due_at IS NOT NULL AS has_next,
         oldest_overdue_at IS NOT NULL AS has_overdue, cost::text AS cost
       FROM hostaway.task_summary WHERE account_id = $1 AND listing_id = $2 ORDER BY status`,
      [ACCOUNT, LOFT],
    );
    assert.deepEqual(rows, [
      {
        status: 'completed',
        title: 'Cleaning',
        tasks: 1,
        open: 0,
        overdue: 0,
        due_within_7_days: 0,
        has_next: false,
        has_overdue: false,
        cost: '10',
      },
      {
        status: 'confirmed',
        title: 'Cleaning',
        tasks: 1,
        open: 1,
        overdue: 0,
        due_within_7_days: 1,
        has_next: true,
        has_overdue: false,
        cost: '10',
      },
      {
        status: 'pending',
        title: 'Cleaning',
        tasks: 1,
        open: 1,
        overdue: 1,
        due_within_7_days: 0,
        has_next: false,
        has_overdue: true,
        cost: '10',
      },
    ]);
  });

  it('reservation_finance: finance fields by type and guest charges per live reservation', async () => {
    const rows = await q(
      `SELECT reservation_id, total_price::text AS total_price, finance_fields, base_rate::text AS base_rate,
         fees::text AS fees, taxes::text AS taxes, discounts, commissions::text AS commissions,
         finance_total::text AS finance_total, jsonb_array_length(fields) AS listed_fields, charges,
         paid_amount::text AS paid_amount, awaiting_amount::text AS awaiting_amount, deposit_holds
       FROM hostaway.reservation_finance WHERE account_id = $1 ORDER BY reservation_id`,
      [ACCOUNT],
    );
    assert.deepEqual(
      rows.map((r) => ({ ...r, reservation_id: Number(r['reservation_id']) })),
      [
        {
          reservation_id: 100,
          total_price: '500',
          finance_fields: 5,
          base_rate: '400',
          fees: '50',
          taxes: '50',
          discounts: null,
          commissions: '60',
          finance_total: '500',
          listed_fields: 5,
          charges: 2,
          paid_amount: '300',
          awaiting_amount: '200',
          deposit_holds: 1,
        },
        {
          reservation_id: 101,
          total_price: '500',
          finance_fields: 0,
          base_rate: null,
          fees: null,
          taxes: null,
          discounts: null,
          commissions: null,
          finance_total: null,
          listed_fields: null,
          charges: 0,
          paid_amount: null,
          awaiting_amount: null,
          deposit_holds: 0,
        },
      ],
    );
  });
});
