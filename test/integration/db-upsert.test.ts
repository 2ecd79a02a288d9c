import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Queryable } from '../../src/db/database.js';
import { JsonArrayParam } from '../../src/db/json-array-param.js';
import {
  upsertListings,
  upsertReservations,
  upsertThreads,
  type ReservationInput,
} from '../../src/db/mirror/upsert-resource.js';
import { countsOf } from '../helpers/upsert-counts.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { sleep } from '../helpers/sleep.js';

const A = { accountId: 1001, customerId: '11111111-1111-4111-8111-111111111111' };
const B = { accountId: 1002, customerId: '22222222-2222-4222-8222-222222222222' };

interface StoredRow {
  id: number;
  listing_id: number | null;
  customer_id: string;
  raw_payload: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

async function stored(db: Queryable, table: string, accountId: number, id: number): Promise<StoredRow> {
  const listingColumn = table === 'reservations' ? 'listing_id' : 'NULL::bigint AS listing_id';
  const { rows } = await db.query<StoredRow>(
    `SELECT id, ${listingColumn}, customer_id, raw_payload, created_at, updated_at, deleted_at
     FROM hostaway.${table} WHERE account_id = $1 AND id = $2`,
    [accountId, id],
  );
  assert.ok(rows[0], `${table} ${id} of account ${accountId} exists`);
  return rows[0];
}

/** A queryable that records every statement it forwards. */
function recording(db: Queryable): Queryable & { calls: { text: string; params: readonly unknown[] }[] } {
  const calls: { text: string; params: readonly unknown[] }[] = [];
  return {
    calls,
    query: (text, params) => {
      calls.push({ text, params: params ?? [] });
      return db.query(text, params);
    },
    orm: db.orm,
  };
}

describe('upserts', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await insertAccount(t.db, { ...A, clientSecret: 'a' });
    await insertAccount(t.db, { ...B, clientSecret: 'b' });
  });
  after(() => t.drop());

  it('counts inserted, unchanged and updated rows and keeps updated_at true', async () => {
    const rows = [1, 2, 3].map((id) => ({ id, payload: { id, name: `Listing ${id}` } }));
    assert.deepEqual(countsOf(await upsertListings(t.db, { ...A, rows })), {
      inserted: 3,
      updated: 0,
      unchanged: 0,
    });
    const before1 = await stored(t.db, 'listings', A.accountId, 1);
    await sleep(15);

    assert.deepEqual(countsOf(await upsertListings(t.db, { ...A, rows })), {
      inserted: 0,
      updated: 0,
      unchanged: 3,
    });
    const same = await stored(t.db, 'listings', A.accountId, 1);
    assert.equal(same.updated_at.getTime(), before1.updated_at.getTime());

    const changed = [{ id: 1, payload: { id: 1, name: 'Renamed' } }, ...rows.slice(1)];
    assert.deepEqual(countsOf(await upsertListings(t.db, { ...A, rows: changed })), {
      inserted: 0,
      updated: 1,
      unchanged: 2,
    });
    const after1 = await stored(t.db, 'listings', A.accountId, 1);
    assert.ok(after1.updated_at.getTime() > before1.updated_at.getTime());
    assert.equal(after1.created_at.getTime(), before1.created_at.getTime());
    assert.deepEqual(after1.raw_payload, { id: 1, name: 'Renamed' });
  });

  it('keeps the last of duplicate ids in a chunk', async () => {
    const rows = [
      { id: 10, payload: { v: 1 } },
      { id: 11, payload: { v: 'x' } },
      { id: 10, payload: { v: 2 } },
    ];
    assert.deepEqual(countsOf(await upsertListings(t.db, { ...A, rows })), {
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    assert.deepEqual((await stored(t.db, 'listings', A.accountId, 10)).raw_payload, { v: 2 });
  });

  it('stores payloads with multi-byte characters and escapes exactly', async () => {
    const payload = { text: 'Grüße 👋 «ok» \u2028 "quoted" \\ back', nested: [{ é: 'ü' }, null, 1.5] };
    await upsertListings(t.db, { ...A, rows: [{ id: 77, payload }] });
    assert.deepEqual((await stored(t.db, 'listings', A.accountId, 77)).raw_payload, payload);
  });

  it('sends one statement with one JSON parameter per chunk', async () => {
    const rows: ReservationInput[] = Array.from({ length: 1234 }, (_, i) => ({
      id: 5000 + i,
      listingId: 1,
      payload: { i },
    }));
    const spy = recording(t.db);
    const counts = await upsertReservations(spy, { ...A, rows, chunkSize: 100 });
    assert.deepEqual(countsOf(counts), { inserted: 1234, updated: 0, unchanged: 0 });
    assert.equal(spy.calls.length, 13);
    for (const call of spy.calls) {
      assert.equal(call.params.length, 3);
      assert.ok(call.params[2] instanceof JsonArrayParam);
      assert.match(call.text, /jsonb_to_recordset\(\$3::jsonb\)/);
    }
    rows[700] = { ...rows[700]!, payload: { i: 'changed' } };
    const again = await upsertReservations(t.db, { ...A, rows, chunkSize: 100 });
    assert.deepEqual(countsOf(again), { inserted: 0, updated: 1, unchanged: 1233 });
    const { rows: n } = await t.db.query<{ n: number }>(
      'SELECT count(*) AS n FROM hostaway.reservations WHERE account_id = $1 AND id >= 5000',
      [A.accountId],
    );
    assert.equal(n[0]!.n, 1234);
  });

  it('follows a reservation that moves to another listing', async () => {
    const payload = { id: 77, listingMapId: 1 };
    await upsertReservations(t.db, { ...A, rows: [{ id: 77, listingId: 1, payload }] });
    const moved = { id: 77, listingMapId: 2 };
    assert.deepEqual(
      await upsertReservations(t.db, { ...A, rows: [{ id: 77, listingId: 2, payload: moved }] }),
      {
        inserted: 0,
        updated: 1,
        unchanged: 0,
        stale: 0,
        changedKeys: [77],
        rejected: [],
      },
    );
    assert.equal((await stored(t.db, 'reservations', A.accountId, 77)).listing_id, 2);
    // A changed listing id alone is a change too.
    await upsertReservations(t.db, { ...A, rows: [{ id: 77, listingId: null, payload: moved }] });
    assert.equal((await stored(t.db, 'reservations', A.accountId, 77)).listing_id, null);
  });

  it('keeps tenants apart and takes account and customer ids from the parameters only', async () => {
    const payload = (who: string) => ({ id: 900, accountId: 999, customerId: 'not-a-uuid', who });
    await upsertListings(t.db, { ...A, rows: [{ id: 900, payload: payload('a') }] });
    const counts = await upsertListings(t.db, { ...B, rows: [{ id: 900, payload: payload('b') }] });
    assert.deepEqual(countsOf(counts), { inserted: 1, updated: 0, unchanged: 0 });
    const a = await stored(t.db, 'listings', A.accountId, 900);
    const b = await stored(t.db, 'listings', B.accountId, 900);
    assert.equal(a.raw_payload['who'], 'a');
    assert.equal(b.raw_payload['who'], 'b');
    assert.equal(a.customer_id, A.customerId);
    assert.equal(b.customer_id, B.customerId);
  });

  it('stores payloads exactly (unicode, nesting, numbers, nulls)', async () => {
    const payload = {
      id: 31337,
      guestName: 'Zoë Ørsted — 日本語 😀 "quoted" \\ back\nslash',
      price: 1.5,
      nights: 100,
      zero: 0,
      negative: -3.25,
      big: 123456789012,
      nothing: null,
      flags: [true, false, null],
      nested: { a: [[1, 2], [], [{ b: { c: 'd' } }]], empty: {} },
      customFieldValues: [{ customListingField: { name: 'wifi' }, value: 'Ŵî-Fí' }],
    };
    await upsertReservations(t.db, { ...A, rows: [{ id: 31337, listingId: 5, payload }] });
    assert.deepEqual((await stored(t.db, 'reservations', A.accountId, 31337)).raw_payload, payload);
    const again = await upsertReservations(t.db, { ...A, rows: [{ id: 31337, listingId: 5, payload }] });
    assert.equal(again.unchanged, 1);
  });

  it('upserts message threads, with or without a reservation, messages in order', async () => {
    const messages = [
      { id: 1, body: 'Hello', date: '2024-01-01 10:00:00', status: 'sent' },
      { id: 3, body: 'Scheduled 📅', date: '2024-01-02 10:00:00', status: 'scheduled' },
      { id: 2, body: null, date: '2024-01-03 10:00:00', status: 'failed' },
    ];
    const rows = [
      {
        conversationId: 40,
        reservationId: 77,
        listingId: 2,
        conversation: { id: 40, type: 'channel' },
        messages,
      },
      { conversationId: 41, reservationId: null, listingId: null, conversation: { id: 41 }, messages: [] },
    ];
    assert.deepEqual(countsOf(await upsertThreads(t.db, { ...A, rows })), {
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    assert.deepEqual(countsOf(await upsertThreads(t.db, { ...A, rows })), {
      inserted: 0,
      updated: 0,
      unchanged: 2,
    });
    const { rows: stored } = await t.db.query<{ reservation_id: number | null; raw_messages: unknown[] }>(
      `SELECT reservation_id, raw_messages FROM hostaway.messages
       WHERE account_id = $1 ORDER BY conversation_id`,
      [A.accountId],
    );
    assert.deepEqual(stored[0], { reservation_id: 77, raw_messages: messages });
    assert.deepEqual(stored[1], { reservation_id: null, raw_messages: [] });
    const more = [{ ...rows[0]!, messages: [...messages, { id: 4, body: 'New' }] }];
    assert.deepEqual(countsOf(await upsertThreads(t.db, { ...A, rows: more })), {
      inserted: 0,
      updated: 1,
      unchanged: 0,
    });
  });

  it('rejects rows without a usable id before writing anything', async () => {
    const rows = [{ id: 1.5, payload: {} }];
    await assert.rejects(upsertListings(t.db, { ...A, rows }), /must be an integer/);
    const nullPayload = [{ id: 2, payload: null as unknown as object }];
    await assert.rejects(upsertListings(t.db, { ...A, rows: nullPayload }), /must be a JSON object/);
  });
});

describe('changed keys', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await insertAccount(t.db, { ...A, clientSecret: 'a' });
  });
  after(() => t.drop());

  it('reports exactly the keys inserted or updated, sorted', async () => {
    const rows = [3, 1, 2].map((id) => ({ id, payload: { id } }));
    assert.deepEqual((await upsertListings(t.db, { ...A, rows })).changedKeys, [1, 2, 3]);
    assert.deepEqual((await upsertListings(t.db, { ...A, rows })).changedKeys, []);
    rows[0] = { id: 3, payload: { id: 3, changed: true } } as never;
    assert.deepEqual((await upsertListings(t.db, { ...A, rows })).changedKeys, [3]);
  });
});

describe('payloads jsonb cannot hold', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await insertAccount(t.db, { ...A, clientSecret: 'a' });
  });
  after(() => t.drop());

  it('keeps the rest of the chunk and reports only the unstorable rows', async () => {
    const rows = [
      { id: 1, listingId: 1, payload: { id: 1, note: 'fine' } },
      { id: 2, listingId: 1, payload: { id: 2, note: 'nul \u0000 byte' } },
      { id: 3, listingId: 1, payload: { id: 3, note: 'lone \ud800 surrogate' } },
      { id: 4, listingId: 1, payload: { id: 4, note: 'also fine' } },
    ];
    const counts = await upsertReservations(t.db, { ...A, rows });
    assert.equal(counts.inserted, 2);
    assert.deepEqual(
      counts.rejected.map((r) => r.key),
      [2, 3],
    );
    const { rows: stored } = await t.db.query<{ id: number }>(
      'SELECT id FROM hostaway.reservations WHERE account_id = $1 ORDER BY id',
      [A.accountId],
    );
    assert.deepEqual(
      stored.map((r) => Number(r.id)),
      [1, 4],
    );
  });
});
