import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServedResponse } from '../../src/simulator/index.js';
import {
  assertMirrors,
  assertNoSilentGap,
  isMarkedDeleted,
  runStatuses,
  startChurnSimulator,
  type ChurnSimulator,
} from '../helpers/churn.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

/** The ids of the page a hook ran after. */
const pageIds = (served: ServedResponse) =>
  (served.body as { result: { id: number }[] }).result.map((item) => Number(item.id));

/** Drops the reservations at the end of the served order from the mirror: a later full pass must restore them. */
async function forgetOldestReservations(s: ChurnSimulator, accountId: number, count: number) {
  const ids = s.sim
    .listReservations(accountId)
    .slice(-count)
    .map((r) => Number(r.id));
  await s.db.query(`DELETE FROM hostaway.reservations WHERE account_id = $1 AND id IN (${ids.join(',')})`, [
    accountId,
  ]);
}

/**
 * Upstream changes between two pages of one pass. One database; one simulator whose accounts 10001–10012
 * the cases share out (two each, three for the multi-account case), and one for account 10013 with a
 * single listings page (the idle-cost case).
 */
describe('upstream churn between pages', () => {
  let t: TestDatabase;
  let s: ChurnSimulator;
  let small: ChurnSimulator;
  const account = (index: number) => s.accountIds[index]!;

  before(async () => {
    t = await createTestDatabase();
    s = await startChurnSimulator(t, {
      seed: 71,
      accounts: 12,
      listings: 150,
      reservations: 250,
      conversations: 40,
    });
    small = await startChurnSimulator(t, { seed: 76, accounts: 13, listings: 5, reservations: 350 }, [10013]);
  });
  after(async () => {
    await s.close();
    await small.close();
    await t.drop();
  });

  it('a listing deleted after the first listings page: no live listing marked deleted; the next full pass marks it', async () => {
    const [synced, fresh] = [account(0), account(1)];
    assert.equal((await s.run(synced)).status, 'succeeded', 'a complete mirror before the churn');
    for (const accountId of [synced, fresh]) {
      const victim = Number(s.sim.listListings(accountId)[2]!.id); // on the first page
      const hook = s.sim.afterRequest({ accountId, path: '/v1/listings' }, (sim) =>
        sim.deleteListing(accountId, victim),
      );
      const churned = await s.run(accountId);
      assert.equal(hook.fired, 1);
      assert.equal(s.sim.listListings(accountId).length, 149);
      await assertNoSilentGap(s.db, s.sim, churned, 'listings');
      const again = await s.run(accountId);
      assert.equal(again.status, 'succeeded');
      assert.equal(await isMarkedDeleted(s.db, 'listings', accountId, victim), true);
      await assertMirrors(s.db, s.sim, accountId);
    }
  });

  it('a reservation deleted after the first reservations page: none live marked deleted; the next full pass marks it', async () => {
    const [synced, fresh] = [account(2), account(3)];
    assert.equal((await s.run(synced)).status, 'succeeded');
    for (const accountId of [synced, fresh]) {
      let victim = 0;
      const hook = s.sim.afterRequest({ accountId, path: '/v1/reservations' }, (sim, served) => {
        victim = pageIds(served)[10]!;
        sim.deleteReservation(accountId, victim);
      });
      const churned = await s.run(accountId);
      assert.equal(hook.fired, 1);
      await assertNoSilentGap(s.db, s.sim, churned, 'reservations');
      const again = await s.run(accountId);
      assert.equal(again.status, 'succeeded');
      assert.equal(await isMarkedDeleted(s.db, 'reservations', accountId, victim), true);
      await assertMirrors(s.db, s.sim, accountId);
    }
  });

  for (const [change, act, first] of [
    ['updated', 'updateReservation', 4],
    ['deleted', 'deleteReservation', 6],
  ] as const) {
    /** A full pass during which the cursor row changes; then an undisturbed one. */
    const churnedPass = async (accountId: number) => {
      let cursorRow = 0;
      const hook = s.sim.afterRequest({ accountId, path: '/v1/reservations' }, (sim, served) => {
        const ids = pageIds(served);
        assert.equal(ids.length, 100);
        cursorRow = ids[99]!;
        if (act === 'updateReservation')
          sim.updateReservation(accountId, cursorRow, { hostNote: 'moved up' });
        else sim.deleteReservation(accountId, cursorRow);
      });
      const churned = await s.run(accountId);
      assert.equal(hook.fired, 1);
      assert.equal(hook.error, undefined);
      if (act === 'updateReservation')
        assert.equal(s.sim.listReservations(accountId)[0]!.id, cursorRow, 'it jumped to the front');
      const missing = await assertNoSilentGap(s.db, s.sim, churned, 'reservations');
      const next = await s.run(accountId);
      assert.equal(next.status, 'succeeded', `the next run completes (${missing.length} were missing)`);
      if (act === 'deleteReservation')
        assert.equal(await isMarkedDeleted(s.db, 'reservations', accountId, cursorRow), true);
      await assertMirrors(s.db, s.sim, accountId);
    };

    it(`the afterId cursor row ${change} after page 1 of a first sync: never succeeded with reservations missing`, async () => {
      await churnedPass(account(first));
    });

    it(`the afterId cursor row ${change} after page 1 of a later full sync that must restore rows: the same`, async () => {
      const accountId = account(first + 1);
      assert.equal((await s.run(accountId)).status, 'succeeded');
      await forgetOldestReservations(s, accountId, 120);
      await churnedPass(accountId);
    });
  }

  it('a message thread answering 403 twice in a three-account run: that account exits 77, the others complete', async () => {
    const [a, b, c] = [account(8), account(9), account(10)];
    const thread = Number(s.sim.listConversations(b)[7]!.id);
    s.sim.injectFaults({ kind: '403', pathPrefix: `/v1/conversations/${thread}/messages`, count: 2 });
    const stray: unknown[] = [];
    const onStray = (error: unknown) => stray.push(error);
    process.on('unhandledRejection', onStray);
    process.on('uncaughtException', onStray);
    try {
      const results = await s.runMany([a, b, c], 'full');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(stray, [], 'nothing escaped the engine');
      assert.deepEqual(
        results.map((r) => r.accountId),
        [a, b, c],
      );
      const failed = results[1]!;
      assert.equal(failed.error?.exitCode, 77, JSON.stringify(failed.error));
      assert.notEqual(failed.status, 'succeeded');
      for (const r of [results[0]!, results[2]!]) {
        assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
        await assertMirrors(s.db, s.sim, r.accountId);
      }
      const statuses = await runStatuses(s.db, [a, b, c]);
      assert.equal(statuses['running'], undefined, 'every sync_runs row is finished');
      assert.equal(statuses['succeeded'], 2);
    } finally {
      process.off('unhandledRejection', onStray);
      process.off('uncaughtException', onStray);
      s.sim.clearFaults();
    }
  });

  it('a message thread that keeps failing: the threads cursor advances, it is recorded, an idle run stays ≤ 4 requests', async () => {
    const { sim, db } = small;
    const accountId = small.accountIds[0]!;
    const threadsCursor = async () =>
      (
        await db.query<{ cursor: unknown }>(
          "SELECT cursor FROM hostaway.sync_state WHERE account_id = $1 AND resource = 'threads'",
          [accountId],
        )
      ).rows[0]?.cursor;
    assert.equal((await small.run(accountId)).status, 'succeeded');
    const afterFull = await threadsCursor();
    const thread = Number(sim.listConversations(accountId)[5]!.id);
    sim.addMessage(accountId, thread, { body: 'Where do we park?', isIncoming: 1 });
    sim.injectFaults({ kind: '500', pathPrefix: `/v1/conversations/${thread}/messages`, count: 100_000 });
    try {
      const cursors: unknown[] = [];
      for (let run = 1; run <= 4; run += 1) {
        const result = await small.run(accountId, 'incremental');
        assert.notEqual(result.resources.threads?.status, 'failed', `run ${run}`);
        cursors.push(await threadsCursor());
      }
      // 4 conversation pages: the rolling sweep moves on every run that stores its cursor (200, 300, 0, 200)
      for (const [run, cursor] of cursors.entries())
        assert.notDeepEqual(
          cursor,
          run === 0 ? afterFull : cursors[run - 1],
          `run ${run + 1} advanced the cursor`,
        );
      const { rows } = await db.query<{ attempts: number; last_error: string }>(
        'SELECT attempts, last_error FROM hostaway.thread_failures WHERE account_id = $1 AND conversation_id = $2',
        [accountId, thread],
      );
      assert.equal(rows.length, 1, 'the failure is recorded');
      assert.ok(rows[0]!.attempts >= 1);
      assert.match(rows[0]!.last_error, /500/);
      sim.resetStats();
      const idle = await small.run(accountId, 'incremental');
      assert.ok(idle.apiRequests <= 4, `idle run made ${idle.apiRequests} requests`);
      assert.ok(sim.stats.requests <= 4, `the simulator saw ${sim.stats.requests}`);
      assert.equal(sim.stats.byEndpoint['GET /conversations/:id/messages'] ?? 0, 0);
    } finally {
      sim.clearFaults();
    }
  });

  it(
    'a 429 with Retry-After: 86400 fails as rate limited (exit 75) within the cap instead of sleeping',
    { timeout: 30_000 },
    async () => {
      const accountId = account(11);
      s.sim.injectFaults({ kind: '429', retryAfterSeconds: 86_400, pathPrefix: '/v1/listings', count: 10 });
      const sleeps: number[] = [];
      const sleep = async (ms: number) => {
        sleeps.push(ms);
        await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50)));
      };
      // retryAfterMaxMs (HOSTAWAY_RETRY_AFTER_MAX_MS): the longest Retry-After the client waits for.
      const http = {
        timeoutMs: 2_000,
        maxRetries: 3,
        retryBaseMs: 5,
        rateLimitBackoffMs: 20,
        retryAfterMaxMs: 2_000,
      };
      const startedAt = Date.now();
      try {
        const result = await s.run(accountId, 'full', { http, sleep });
        assert.ok(Date.now() - startedAt < 15_000);
        assert.ok(Math.max(0, ...sleeps) <= 2_000, `asked to sleep ${Math.max(...sleeps)} ms`);
        assert.equal(result.error?.exitCode, 75, JSON.stringify(result.error));
        assert.equal(result.resources.listings?.status, 'failed');
        assert.equal((await runStatuses(s.db, [accountId]))['running'], undefined);
      } finally {
        s.sim.clearFaults();
      }
    },
  );
});
