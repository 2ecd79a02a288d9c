import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  deactivateAccount,
  deleteAccount,
  getAccount,
  insertAccount,
  listAccounts,
  loadAccessToken,
  saveAccessToken,
  updateAccount,
} from '../../src/db/accounts/accounts-repo.js';
import { markMissingDeleted } from '../../src/db/mirror/mark-missing-deleted.js';
import { saveSyncState } from '../../src/db/runs/sync-state-repo.js';
import { finishRun } from '../../src/db/sql/finish-run.js';
import { startRun } from '../../src/db/sql/start-run.js';
import { upsertListings, upsertReservations, upsertThreads } from '../../src/db/mirror/upsert-resource.js';
import { NotFoundError, UsageError } from '../../src/errors.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const CUSTOMER = '55555555-5555-4555-8555-555555555555';
const OTHER_CUSTOMER = '66666666-6666-4666-8666-666666666666';

async function seed(t: TestDatabase, accountId: number, n: number): Promise<void> {
  const target = { accountId, customerId: CUSTOMER };
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  await upsertListings(t.db, { ...target, rows: ids.map((id) => ({ id, payload: { id } })) });
  await upsertReservations(t.db, {
    ...target,
    rows: ids.map((id) => ({ id, listingId: 1, payload: { id } })),
  });
  await upsertThreads(t.db, {
    ...target,
    rows: ids.map((id) => ({
      conversationId: id,
      reservationId: id,
      listingId: 1,
      conversation: {},
      messages: [],
    })),
  });
}

async function countRows(t: TestDatabase, accountId: number): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM hostaway.listings WHERE account_id = $1)
          + (SELECT count(*) FROM hostaway.reservations WHERE account_id = $1)
          + (SELECT count(*) FROM hostaway.messages WHERE account_id = $1)
          + (SELECT count(*) FROM hostaway.sync_runs WHERE account_id = $1)
          + (SELECT count(*) FROM hostaway.sync_state WHERE account_id = $1) AS n`,
    [accountId],
  );
  return rows[0]!.n;
}

describe('accounts repository', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(() => t.drop());

  it('inserts an account and refuses a duplicate with a clear message', async () => {
    const account = await insertAccount(t.db, {
      accountId: 12345,
      customerId: CUSTOMER,
      clientSecret: 'enc:1',
    });
    assert.equal(account.accountId, 12345);
    assert.equal(account.isActive, true);
    assert.ok(account.createdAt instanceof Date);
    await assert.rejects(
      insertAccount(t.db, { accountId: 12345, customerId: CUSTOMER, clientSecret: 'x' }),
      (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.equal(error.message, 'account 12345 already exists');
        assert.match(error.hint ?? '', /accounts update 12345/);
        return true;
      },
    );
    assert.equal(await getAccount(t.db, 99999), null);
  });

  it('stores and loads the access token; a new secret forgets it', async () => {
    assert.equal(await loadAccessToken(t.db, 12345), null);
    const expiresAt = new Date('2030-01-01T00:00:00.000Z');
    await saveAccessToken(t.db, 12345, 'tok-1', expiresAt);
    assert.deepEqual(await loadAccessToken(t.db, 12345), { accessToken: 'tok-1', expiresAt });

    const updated = await updateAccount(t.db, 12345, { customerId: OTHER_CUSTOMER });
    assert.equal(updated.customerId, OTHER_CUSTOMER);
    assert.equal(updated.clientSecret, 'enc:1');
    assert.deepEqual(await loadAccessToken(t.db, 12345), { accessToken: 'tok-1', expiresAt }, 'token kept');

    await updateAccount(t.db, 12345, { clientSecret: 'enc:2' });
    assert.equal(await loadAccessToken(t.db, 12345), null, 'token forgotten with the old secret');

    await updateAccount(t.db, 12345, {
      clientSecret: 'enc:3',
      accessToken: 'tok-3',
      accessTokenExpiresAt: expiresAt,
    });
    assert.deepEqual(await loadAccessToken(t.db, 12345), { accessToken: 'tok-3', expiresAt });
    assert.equal((await getAccount(t.db, 12345))?.clientSecret, 'enc:3');

    await assert.rejects(updateAccount(t.db, 424242, { isActive: false }), NotFoundError);
    await assert.rejects(saveAccessToken(t.db, 424242, 'x', expiresAt), NotFoundError);
  });

  it('lists accounts with live counts and their latest run', async () => {
    await insertAccount(t.db, { accountId: 200, customerId: CUSTOMER, clientSecret: 's' });
    await insertAccount(t.db, { accountId: 300, customerId: CUSTOMER, clientSecret: 's' });
    await seed(t, 200, 4);
    const { rows } = await t.db.query<{ now: Date }>('SELECT clock_timestamp() AS now');
    await markMissingDeleted(t.db, {
      table: 'reservations',
      accountId: 200,
      seenIds: [1, 2, 3],
      startedAt: rows[0]!.now,
    });
    const { id: first } = await startRun(t.db, { accountId: 200, mode: 'full' });
    await finishRun(t.db, first, { status: 'failed', error: 'boom' });
    const { id: second } = await startRun(t.db, { accountId: 200, mode: 'incremental' });
    await finishRun(t.db, second, {
      status: 'succeeded',
      stats: { listings: { inserted: 4 } },
      apiRequests: 3,
      syncedAt: new Date('2024-05-01T10:00:00.000Z'),
    });
    const syncedAt = new Date('2024-05-01T10:00:00.000Z');
    await deactivateAccount(t.db, 300);
    await updateAccount(t.db, 300, { egressPool: 'nat-b' });

    const all = await listAccounts(t.db);
    assert.deepEqual(
      all.map((a) => a.accountId),
      [200, 300, 12345],
    );
    const a200 = all[0]!;
    assert.deepEqual(a200.counts, { listings: 4, reservations: 3, threads: 4 });
    assert.equal(a200.lastRun?.status, 'succeeded');
    assert.equal(a200.lastRun?.mode, 'incremental');
    assert.ok(a200.lastRun?.finishedAt instanceof Date);
    assert.equal(a200.lastSyncAt?.toISOString(), syncedAt.toISOString());
    assert.deepEqual(all[1]!.counts, { listings: 0, reservations: 0, threads: 0 });
    assert.equal(all[1]!.lastRun, null);
    assert.equal(all[1]!.isActive, false);
    assert.deepEqual(
      all.map((a) => a.egressPool),
      ['default', 'nat-b', 'default'],
      'accounts list shows each pool',
    );

    const active = await listAccounts(t.db, { activeOnly: true });
    assert.deepEqual(
      active.map((a) => a.accountId),
      [200, 12345],
    );
  });

  it('hard delete cascades to every table of that account only', async () => {
    await seed(t, 300, 3);
    await saveSyncState(t.db, { accountId: 300, resource: 'listings', success: 'full' });
    await startRun(t.db, { accountId: 300, mode: 'full' });
    const before200 = await countRows(t, 200);
    assert.ok((await countRows(t, 300)) > 0);
    await deleteAccount(t.db, 300);
    assert.equal(await getAccount(t.db, 300), null);
    assert.equal(await countRows(t, 300), 0);
    assert.equal(await countRows(t, 200), before200);
    await assert.rejects(deleteAccount(t.db, 300), NotFoundError);
  });
});
