import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Queryable } from '../../src/db/database.js';
import { markMissingDeleted } from '../../src/db/mirror/mark-missing-deleted.js';
import { upsertListings, upsertThreads } from '../../src/db/mirror/upsert-resource.js';
import { countsOf } from '../helpers/upsert-counts.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { sleep } from '../helpers/sleep.js';

const A = { accountId: 2001, customerId: '33333333-3333-4333-8333-333333333333' };
const B = { accountId: 2002, customerId: '44444444-4444-4444-8444-444444444444' };

async function dbNow(db: Queryable): Promise<Date> {
  const { rows } = await db.query<{ now: Date }>('SELECT clock_timestamp() AS now');
  return rows[0]!.now;
}

async function deletedIds(db: Queryable, table: string, key: string, accountId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT ${key} AS id FROM hostaway.${table} WHERE account_id = $1 AND deleted_at IS NOT NULL ORDER BY 1`,
    [accountId],
  );
  return rows.map((r) => r.id);
}

describe('markMissingDeleted', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await insertAccount(t.db, { ...A, clientSecret: 'a' });
    await insertAccount(t.db, { ...B, clientSecret: 'b' });
  });
  after(() => t.drop());

  it('marks rows the full sync did not see, and clears the mark when a row reappears', async () => {
    const rows = [1, 2, 3, 4, 5].map((id) => ({ id, payload: { id } }));
    await upsertListings(t.db, { ...A, rows });
    await upsertListings(t.db, { ...B, rows });
    await sleep(5);
    const startedAt = await dbNow(t.db);
    await sleep(5);
    // Written by a webhook during the run and never listed: must survive.
    await upsertListings(t.db, { ...A, rows: [{ id: 6, payload: { id: 6 } }] });

    const marked = await markMissingDeleted(t.db, { table: 'listings', ...A, seenIds: [1, 2, 3], startedAt });
    assert.equal(marked, 2);
    assert.deepEqual(await deletedIds(t.db, 'listings', 'id', A.accountId), [4, 5]);
    assert.deepEqual(await deletedIds(t.db, 'listings', 'id', B.accountId), [], 'other accounts untouched');

    // Marking again is a no-op.
    assert.equal(
      await markMissingDeleted(t.db, { table: 'listings', ...A, seenIds: [1, 2, 3], startedAt }),
      0,
    );

    // Row 4 comes back unchanged: it is live again (an update), row 5 stays deleted.
    const counts = await upsertListings(t.db, { ...A, rows: [{ id: 4, payload: { id: 4 } }] });
    assert.deepEqual(countsOf(counts), { inserted: 0, updated: 1, unchanged: 0 });
    assert.deepEqual(await deletedIds(t.db, 'listings', 'id', A.accountId), [5]);
  });

  it('works for threads keyed by conversation id', async () => {
    const rows = [70, 71].map((conversationId) => ({
      conversationId,
      reservationId: null,
      listingId: null,
      conversation: { id: conversationId },
      messages: [],
    }));
    await upsertThreads(t.db, { ...A, rows });
    await sleep(5);
    const startedAt = await dbNow(t.db);
    assert.equal(
      await markMissingDeleted(t.db, { table: 'messages', ...A, seenIds: new Set([70]), startedAt }),
      1,
    );
    assert.deepEqual(await deletedIds(t.db, 'messages', 'conversation_id', A.accountId), [71]);
  });

  it('handles 20,000 rows with one id list', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: 100_000 + i, payload: { i } }));
    await upsertListings(t.db, { ...B, rows, chunkSize: 2000 });
    await sleep(5);
    const startedAt = await dbNow(t.db);
    const seenIds = rows.filter((_, i) => i % 1000 !== 0).map((r) => r.id);
    const began = Date.now();
    // Account B also holds 1..5 from the first test, which were not seen either.
    const marked = await markMissingDeleted(t.db, { table: 'listings', ...B, seenIds, startedAt });
    assert.equal(marked, 20 + 5);
    assert.ok(Date.now() - began < 10_000, 'reconciliation stays fast');
  });

  it('rejects ids that are not integers', async () => {
    await assert.rejects(
      markMissingDeleted(t.db, { table: 'listings', ...A, seenIds: [Number.NaN], startedAt: new Date() }),
      /not an integer/,
    );
  });
});
