import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertAccount } from '../../src/db/accounts/accounts-repo.js';
import { upsertReservations, upsertThreads } from '../../src/db/mirror/upsert-resource.js';
import { mergeThreadMessages } from '../../src/db/sql/webhook-message-merge.js';
import { upsertReservationsIfNewer } from '../../src/db/sql/guarded-reservation-upsert.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const A = { accountId: 1001, customerId: '11111111-1111-4111-8111-111111111111' };

const reservation = (id: number, updatedOn: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  listingId: 1,
  payload: { id, listingMapId: 1, updatedOn, ...extra },
});

describe('sync upserts never replace newer data', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await insertAccount(t.db, { ...A, clientSecret: 'a' });
  });
  after(() => t.drop());

  const payloadOf = async (id: number) =>
    (
      await t.db.query<{ raw: Record<string, unknown>; deleted: boolean }>(
        'SELECT raw_payload AS raw, deleted_at IS NOT NULL AS deleted FROM hostaway.reservations WHERE account_id = $1 AND id = $2',
        [A.accountId, id],
      )
    ).rows[0]!;
  const sync = (rows: ReturnType<typeof reservation>[]) => upsertReservations(t.db, { ...A, rows });

  it('keeps a stored reservation whose updatedOn is later, and counts it as stale', async () => {
    await sync([reservation(1, '2026-03-01 10:00:05', { v: 'webhook' })]);
    const counts = await sync([reservation(1, '2026-03-01 10:00:04', { v: 'old page' })]);
    assert.deepEqual([counts.updated, counts.unchanged, counts.stale, counts.changedKeys], [0, 1, 1, []]);
    assert.equal((await payloadOf(1)).raw.v, 'webhook');
    const newer = await sync([reservation(1, '2026-03-01 10:00:06', { v: 'new page' })]);
    assert.deepEqual([newer.updated, newer.stale], [1, 0]);
    assert.equal((await payloadOf(1)).raw.v, 'new page');
  });

  it('writes an equal updatedOn with other content, and an unreadable one as before', async () => {
    await sync([reservation(2, '2026-03-01 10:00:00', { v: 'a' })]);
    assert.equal((await sync([reservation(2, '2026-03-01 10:00:00', { v: 'b' })])).updated, 1);
    assert.equal((await sync([reservation(2, 'not a time', { v: 'c' })])).updated, 1);
    assert.equal((await payloadOf(2)).raw.v, 'c');
    assert.equal((await sync([reservation(2, '2020-01-01 00:00:00', { v: 'd' })])).updated, 1);
    assert.equal((await sync([reservation(2, null, { v: 'e' })])).updated, 1);
    assert.equal((await sync([reservation(2, '2026-13-45 99:00:00', { v: 'f' })])).updated, 1);
    assert.equal((await payloadOf(2)).raw.v, 'f');
  });

  it('compares times, not text (a T separator or fraction is still the same instant)', async () => {
    await sync([reservation(3, '2026-03-01T10:00:05', { v: 'later' })]);
    const counts = await sync([reservation(3, '2026-03-01 10:00:04.5', { v: 'earlier' })]);
    assert.equal(counts.stale, 1);
    assert.equal((await payloadOf(3)).raw.v, 'later');
    // A plain incoming time against a stored one with a T or a Z: still compared as times.
    assert.equal((await sync([reservation(3, '2026-03-01 10:00:04', { v: 'plain' })])).stale, 1);
    await sync([reservation(3, '2026-03-01 10:00:07Z', { v: 'zulu' })]);
    assert.equal((await sync([reservation(3, '2026-03-01 10:00:06', { v: 'plain' })])).stale, 1);
    assert.equal((await sync([reservation(3, '2026-03-01 10:00:07', { v: 'same time' })])).updated, 1);
    assert.equal((await payloadOf(3)).raw.v, 'same time');
  });

  it('brings back a soft-deleted row even when its stored version was later', async () => {
    await sync([reservation(4, '2026-03-01 10:00:05', { v: 'stored' })]);
    await t.db.query('UPDATE hostaway.reservations SET deleted_at = now() WHERE account_id = $1 AND id = 4', [
      A.accountId,
    ]);
    const counts = await sync([reservation(4, '2026-03-01 10:00:01', { v: 'seen again' })]);
    assert.deepEqual([counts.updated, counts.stale], [1, 0]);
    assert.deepEqual(await payloadOf(4), {
      raw: { ...reservation(4, '2026-03-01 10:00:01').payload, v: 'seen again' },
      deleted: false,
    });
  });

  it('agrees with the webhook guard: a stale sync page after a webhook changes nothing', async () => {
    const fetched = reservation(5, '2026-03-02 08:00:00', { v: 'page' });
    const delivered = {
      accountId: A.accountId,
      id: 5,
      listingId: 1,
      payload: { ...fetched.payload, updatedOn: '2026-03-02 08:00:01', v: 'hook' },
    };
    await sync([reservation(5, '2026-03-01 08:00:00')]);
    assert.deepEqual(await upsertReservationsIfNewer(t.db, [delivered]), ['updated']);
    assert.equal((await sync([fetched])).stale, 1);
    assert.equal((await payloadOf(5)).raw.v, 'hook');
  });

  it('the webhook guard reads updatedOn as a time too, like the sync guard', async () => {
    const hook = (id: number, updatedOn: string, v: string) => ({
      accountId: A.accountId,
      ...reservation(id, updatedOn, { v }),
    });
    await sync([reservation(8, '2026-03-01 10:00:05', { v: 'stored' })]);
    // As text, "2026-03-01T…" sorts after "2026-03-01 1…" whatever the time; as a time it is older.
    assert.deepEqual(await upsertReservationsIfNewer(t.db, [hook(8, '2026-03-01T10:00:04Z', 'older')]), [
      'unchanged',
    ]);
    assert.equal((await payloadOf(8)).raw.v, 'stored');
    assert.deepEqual(await upsertReservationsIfNewer(t.db, [hook(8, '2026-03-01T10:00:06Z', 'newer')]), [
      'updated',
    ]);
    assert.equal((await payloadOf(8)).raw.v, 'newer');
  });

  it('counts a no-op re-sync as unchanged, not stale', async () => {
    const rows = [reservation(6, '2026-03-01 10:00:00'), reservation(7, 'n/a')];
    await sync(rows);
    const counts = await sync(rows);
    assert.deepEqual([counts.unchanged, counts.stale, counts.updated], [2, 0, 0]);
  });
});

describe('sync thread upserts keep messages that arrived after the fetch', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await insertAccount(t.db, { ...A, clientSecret: 'a' });
  });
  after(() => t.drop());

  const message = (id: number, insertedOn: string) => ({ id, insertedOn, body: `m${id}` });
  const thread = (conversationId: number, messages: object[], extra: Record<string, unknown> = {}) => ({
    conversationId,
    reservationId: null,
    listingId: null,
    conversation: { id: conversationId, ...extra },
    messages,
  });
  const sync = (rows: ReturnType<typeof thread>[]) => upsertThreads(t.db, { ...A, rows });
  const storedIds = async (conversationId: number) =>
    (
      await t.db.query<{ raw: { id: number }[] }>(
        'SELECT raw_messages AS raw FROM hostaway.messages WHERE account_id = $1 AND conversation_id = $2',
        [A.accountId, conversationId],
      )
    ).rows[0]!.raw.map((m) => m.id);

  it('keeps a webhook message newer than the fetched thread, drops an older absent one', async () => {
    const m1 = message(1, '2026-03-01 10:00:00');
    const m2 = message(2, '2026-03-01 10:05:00');
    await sync([thread(9, [m1, m2])]);
    const hook = { accountId: A.accountId, conversationId: 9, message: message(3, '2026-03-01 10:06:00') };
    assert.deepEqual(await mergeThreadMessages(t.db, [hook]), ['merged']);
    // A sync that fetched the thread before message 3 arrived (and after message 1 was removed upstream).
    const counts = await sync([thread(9, [m2], { fetched: 'before' })]);
    assert.equal(counts.updated, 1);
    assert.deepEqual(await storedIds(9), [2, 3]);
    // The same stale fetch again writes nothing: the merged result equals the stored row.
    assert.equal((await sync([thread(9, [m2], { fetched: 'before' })])).unchanged, 1);
    // The next fetch has message 3 itself.
    await sync([thread(9, [m2, hook.message], { fetched: 'after' })]);
    assert.deepEqual(await storedIds(9), [2, 3]);
  });

  it('brings back a thread marked deleted when a new message lands in it', async () => {
    await sync([thread(13, [message(40, '2026-03-01 13:00:00')])]);
    const deleted = async () =>
      (
        await t.db.query<{ deleted: boolean }>(
          'SELECT deleted_at IS NOT NULL AS deleted FROM hostaway.messages WHERE account_id = $1 AND conversation_id = 13',
          [A.accountId],
        )
      ).rows[0]!.deleted;
    await t.db.query(
      'UPDATE hostaway.messages SET deleted_at = now() WHERE account_id = $1 AND conversation_id = 13',
      [A.accountId],
    );
    const hook = (id: number) => ({
      accountId: A.accountId,
      conversationId: 13,
      message: message(id, '2026-03-01 13:05:00'),
    });
    // A re-delivery of a message the thread already had predates the deletion: the row stays deleted.
    assert.deepEqual(
      await mergeThreadMessages(t.db, [{ ...hook(40), message: message(40, '2026-03-01 13:00:00') }]),
      ['unchanged'],
    );
    assert.equal(await deleted(), true);
    assert.deepEqual(await mergeThreadMessages(t.db, [hook(41)]), ['merged']);
    assert.equal(await deleted(), false, 'a new message means the thread exists upstream');
    assert.deepEqual(await storedIds(13), [40, 41]);
  });

  it('keeps stored messages when the fetch found none yet', async () => {
    await sync([thread(10, [])]);
    await mergeThreadMessages(t.db, [
      { accountId: A.accountId, conversationId: 10, message: message(20, '2026-03-01 11:00:00') },
    ]);
    await sync([thread(10, [], { listed: 'again' })]);
    assert.deepEqual(await storedIds(10), [20]);
  });

  it('writes nothing on a no-op re-sync', async () => {
    const rows = [thread(11, [message(30, '2026-03-01 12:00:00')]), thread(12, [])];
    await sync(rows);
    const counts = await sync(rows);
    assert.deepEqual([counts.unchanged, counts.updated, counts.inserted], [2, 0, 0]);
  });
});
