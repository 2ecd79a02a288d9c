import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertAccount } from '../../src/db/accounts/accounts-repo.js';
import { createDatabase, type Database } from '../../src/db/database.js';
import { getSyncState, saveSyncState } from '../../src/db/runs/sync-state-repo.js';
import { getRun, listRecentRuns } from '../../src/db/runs/sync-runs-repo.js';
import { finishRun } from '../../src/db/sql/finish-run.js';
import { startRun } from '../../src/db/sql/start-run.js';
import { LeaseLostError, NotFoundError } from '../../src/errors.js';
import { createSilentLogger } from '../../src/logger.js';
import { takeAccountLease } from '../../src/sync/account-lease-keeper.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const CUSTOMER = '77777777-7777-4777-8777-777777777777';

describe('sync runs, sync state and account leases', () => {
  let t: TestDatabase;
  let second: Database | undefined;
  before(async () => {
    t = await createTestDatabase();
    for (const accountId of [1, 2])
      await insertAccount(t.db, { accountId, customerId: CUSTOMER, clientSecret: 's' });
    // On a server, a second pool stands in for a second process.
    second = t.url === undefined ? undefined : await createDatabase({ url: t.url, poolSize: 2 });
  });
  after(async () => {
    await second?.close();
    await t.drop();
  });

  it('records runs from start to finish and lists the most recent first', async () => {
    const { id } = await startRun(t.db, { accountId: 1, mode: 'full' });
    const running = await getRun(t.db, id);
    assert.equal(running?.status, 'running');
    assert.equal(running?.finishedAt, null);
    await finishRun(t.db, id, {
      status: 'partial',
      stats: { reservations: { inserted: 2 } },
      apiRequests: 7,
      error: 'x',
    });
    const done = await getRun(t.db, id);
    assert.equal(done?.status, 'partial');
    assert.deepEqual(done?.stats, { reservations: { inserted: 2 } });
    assert.equal(done?.apiRequests, 7);
    assert.ok(done?.finishedAt instanceof Date);

    const { id: later } = await startRun(t.db, { accountId: 1, mode: 'incremental' });
    await startRun(t.db, { accountId: 2, mode: 'full' });
    const recent = await listRecentRuns(t.db, { accountId: 1 });
    assert.deepEqual(
      recent.map((r) => r.id),
      [later, id],
    );
    assert.equal((await listRecentRuns(t.db, { limit: 2 })).length, 2);
    // A run started while one is still 'running' (its process died) closes that one.
    const next = await startRun(t.db, { accountId: 1, mode: 'incremental' });
    assert.equal(next.closed, 1);
    assert.equal((await getRun(t.db, later))?.status, 'interrupted');
    assert.equal((await getRun(t.db, next.id))?.status, 'running');
    await assert.rejects(finishRun(t.db, 999_999, { status: 'failed' }), NotFoundError);
  });

  it("a claimed run's finish gives up its own lease and schedules its next run in the same statement", async () => {
    const lease = await takeAccountLease(t.db, {
      accountId: 2,
      leaseMs: 60_000,
      logger: createSilentLogger(),
    });
    assert.ok(lease);
    const { id } = await startRun(t.db, { accountId: 2, mode: 'incremental' });
    const startedAt = new Date(Date.now() - 1000);
    const finishWith = (owner: string, notBefore?: Date) =>
      finishRun(t.db, id, {
        status: 'succeeded',
        syncedAt: new Date(),
        release: {
          owner,
          next: { mode: 'incremental', startedAt, cadenceMs: 300_000, ...(notBefore && { notBefore }) },
        },
      });
    const state = async () =>
      (
        await t.db.query<{ leased: boolean; dueAt: Date; reconcileDue: boolean }>(
          `SELECT EXISTS (SELECT FROM hostaway.account_leases WHERE account_id = 2) AS leased,
             incremental_due_at AS "dueAt", reconcile_due_at <= now() AS "reconcileDue"
           FROM hostaway.accounts WHERE account_id = 2`,
        )
      ).rows[0]!;
    // Another owner's lease is not given up; the schedule is set all the same.
    await finishWith('someone else');
    assert.equal((await state()).leased, true);
    assert.equal((await state()).dueAt.getTime(), startedAt.getTime() + 300_000);
    const later = new Date(Date.now() + 3_600_000);
    const { rows } = await t.db.query<{ owner: string }>(
      'SELECT owner FROM hostaway.account_leases WHERE account_id = 2',
    );
    await finishWith(rows[0]!.owner, later);
    const after = await state();
    assert.equal(after.leased, false);
    assert.equal(after.dueAt.getTime(), later.getTime(), 'notBefore when it is later than the cadence');
    assert.equal(after.reconcileDue, true, 'the other mode is untouched');
    await lease.release();
  });

  it('saves cursors and outcomes per resource, keeping what is not given', async () => {
    await saveSyncState(t.db, {
      accountId: 1,
      resource: 'reservations',
      cursor: { updatedOn: '2024-01-01' },
    });
    await saveSyncState(t.db, { accountId: 1, resource: 'reservations', success: 'full', error: null });
    let [state] = await getSyncState(t.db, 1);
    assert.deepEqual(state?.cursor, { updatedOn: '2024-01-01' });
    assert.ok(state?.lastFullSuccessAt instanceof Date);
    assert.equal(state?.lastIncrementalSuccessAt, null);

    await saveSyncState(t.db, { accountId: 1, resource: 'reservations', error: 'HTTP 500' });
    [state] = await getSyncState(t.db, 1);
    assert.equal(state?.lastError, 'HTTP 500');
    assert.ok(state?.lastErrorAt instanceof Date);
    assert.deepEqual(state?.cursor, { updatedOn: '2024-01-01' }, 'a failure keeps the cursor');
    assert.ok(state?.lastFullSuccessAt instanceof Date);

    await saveSyncState(t.db, {
      accountId: 1,
      resource: 'reservations',
      success: 'incremental',
      error: null,
      cursor: null,
    });
    [state] = await getSyncState(t.db, 1);
    assert.equal(state?.lastError, null);
    assert.equal(state?.lastErrorAt, null);
    assert.equal(state?.cursor, null);
    assert.ok(state?.lastIncrementalSuccessAt instanceof Date);

    await saveSyncState(t.db, { accountId: 1, resource: 'listings', cursor: 42 });
    assert.deepEqual(
      (await getSyncState(t.db, 1)).map((s) => [s.resource, s.cursor]),
      [
        ['listings', 42],
        ['reservations', null],
      ],
    );
    assert.deepEqual(await getSyncState(t.db, 2), []);
  });

  const take = (db: Database, accountId: number, leaseMs = 60_000) =>
    takeAccountLease(db, { accountId, leaseMs, logger: createSilentLogger() });

  it('lets one holder lease an account until it releases', async () => {
    const lease = await take(t.db, 1);
    assert.ok(lease);
    assert.equal(await take(t.db, 1), null, 'same process');
    if (second) assert.equal(await take(second, 1), null, 'another process');
    const other = await take(t.db, 2);
    assert.ok(other, 'other accounts are independent');
    await t.db.query('SELECT 1');

    await lease.release();
    await lease.release(); // safe twice
    const again = await take(second ?? t.db, 1);
    assert.ok(again);
    await again.release();
    await other.release();
    const { rows } = await t.db.query('SELECT account_id FROM hostaway.account_leases');
    assert.deepEqual(rows, [], 'release() deletes the lease row');
  });

  it('hands an expired lease to the next claimant; the old holder learns it lost it and stops', async () => {
    const first = await take(t.db, 1, 600);
    assert.ok(first);
    // Its holder stopped renewing (a frozen or killed process): the lease runs out on the database clock.
    await t.db.query(`UPDATE hostaway.account_leases SET expires_at = now() - interval '1 second'`);
    const next = await take(second ?? t.db, 1);
    assert.ok(next, 'the next claimant proceeds after expiry');
    const reason = await new Promise<unknown>((resolve) =>
      first.signal.addEventListener('abort', () => resolve(first.signal.reason), { once: true }),
    );
    assert.ok(reason instanceof LeaseLostError, String(reason));
    assert.equal(reason.exitCode, 75);
    await first.release();
    assert.equal(await take(t.db, 1), null, "the old holder's release leaves the new lease alone");
    await next.release();
  });
});
