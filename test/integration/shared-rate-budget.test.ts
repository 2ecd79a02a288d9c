import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDatabase, type Database } from '../../src/db/database.js';
import { createPostgresRateBudget } from '../../src/db/rate-budget/postgres-rate-budget.js';
import { RateLimitedError } from '../../src/errors.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';

const limits = {
  perPool: 5,
  perAccount: 100,
  windowMs: 1_000,
  slotTimeoutMs: 400,
  backgroundFloor: 0,
  waiterTtlMs: 2_000,
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const skip = { skip: !process.env['TEST_DATABASE_URL'] && 'needs a server database' };

/**
 * The most slots of `pool` counting at any one grant time; with `priority`, only slots of that priority
 * granted before the last grant of a more urgent one (while it was still waiting).
 */
async function busiestWindow(t: TestDatabase, pool: string, windowMs: number, priority?: number) {
  const { rows } = await t.db.query<{ worst: number; slots: number }>(
    `SELECT coalesce(max(c), 0)::int AS worst, count(*)::int AS slots FROM (
       SELECT (SELECT count(*) FROM hostaway.rate_slots o
               WHERE o.pool = $1 AND ($3::int IS NULL OR o.priority = $3) AND o.granted_at <= s.granted_at
                 AND least(o.released_at, o.expires_at) + $2::int * interval '1 millisecond' > s.granted_at) AS c
       FROM hostaway.rate_slots s WHERE s.pool = $1 AND ($3::int IS NULL OR s.priority = $3
         AND s.granted_at < (SELECT max(u.granted_at) FROM hostaway.rate_slots u
                             WHERE u.pool = $1 AND u.priority < $3))) x`,
    [pool, windowMs, priority ?? null],
  );
  return rows[0]!;
}

describe('the shared rate budget in PostgreSQL (one pool, several processes)', () => {
  let t: TestDatabase;
  const extra: Database[] = [];
  /** A budget with its own connection pool, as a separate process would have. */
  const processBudget = async (pool: string, overrides: Partial<typeof limits> = {}) => {
    const db = await createDatabase({ url: t.url!, poolSize: 3 });
    extra.push(db);
    return { db, budget: createPostgresRateBudget(async () => db, { pool, ...limits, ...overrides }) };
  };

  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    for (const db of extra) await db.close().catch(() => undefined);
    await t.drop();
  });

  it(
    'never lets two processes put more than the limit in any sliding window',
    { skip: !process.env['TEST_DATABASE_URL'] && 'needs a server database' },
    async () => {
      const [a, b] = [await processBudget('p1'), await processBudget('p1')];
      const burst = async (budget: typeof a.budget, accountId: number) => {
        for (let i = 0; i < 8; i += 1) {
          const grant = await budget.acquire({ accountId, priority: 'incremental' });
          await sleep(15); // the request in flight
          grant.release();
        }
      };
      const startedAt = Date.now();
      await Promise.all([burst(a.budget, 1), burst(b.budget, 2)]);
      await sleep(100); // releases are written asynchronously
      const { rows } = await t.db.query<{ worst: number; slots: number }>(
        `SELECT max(c)::int AS worst, (SELECT count(*) FROM hostaway.rate_slots WHERE pool = 'p1')::int AS slots FROM (
         SELECT (SELECT count(*) FROM hostaway.rate_slots o WHERE o.pool = 'p1' AND o.granted_at <= s.granted_at
                   AND coalesce(o.released_at, o.expires_at) + interval '1 second' > s.granted_at) AS c
         FROM hostaway.rate_slots s WHERE s.pool = 'p1') x`,
      );
      assert.equal(rows[0]!.slots, 16);
      assert.equal(rows[0]!.worst, 5, 'the busiest window holds exactly the limit, never more');
      assert.ok(Date.now() - startedAt >= 2_000, '16 requests at 5 per second take at least three windows');
      await a.budget.close();
      await b.budget.close();
    },
  );

  it(
    'a process that dies holding slots blocks the others only until the slot timeout',
    { skip: !process.env['TEST_DATABASE_URL'] && 'needs a server database' },
    async () => {
      const dying = await processBudget('p2');
      for (let i = 0; i < 5; i += 1) await dying.budget.acquire({ accountId: 1, priority: 'incremental' });
      await dying.db.close(); // killed: its slots are never released
      const other = await processBudget('p2');
      const startedAt = Date.now();
      const grant = await other.budget.acquire({ accountId: 2, priority: 'incremental' });
      const waited = Date.now() - startedAt;
      grant.release();
      assert.ok(waited >= 1_200, `waited ${waited} ms: the dead slots count for timeout + window`);
      assert.ok(waited < 3_000, `waited ${waited} ms: but not for ever`);
      await other.budget.close();
    },
  );

  it(
    'a 429 seen by one process pauses the whole pool',
    { skip: !process.env['TEST_DATABASE_URL'] && 'needs a server database' },
    async () => {
      const [a, b] = [await processBudget('p3'), await processBudget('p3')];
      await a.budget.reportRateLimited(800);
      const startedAt = Date.now();
      (await b.budget.acquire({ accountId: 9, priority: 'interactive' })).release();
      assert.ok(Date.now() - startedAt >= 700, 'the other process waited for the pause');
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT rate_limited::int AS n FROM hostaway.rate_pools WHERE pool = 'p3'`,
      );
      assert.equal(rows[0]!.n, 1);
      await a.budget.close();
      await b.budget.close();
    },
  );

  it(
    'background requests wait while an incremental one of another process waits',
    { skip: !process.env['TEST_DATABASE_URL'] && 'needs a server database' },
    async () => {
      const [filler, background, incremental] = [
        await processBudget('p4'),
        await processBudget('p4'),
        await processBudget('p4'),
      ];
      const held = [];
      for (let i = 0; i < 5; i += 1)
        held.push(await filler.budget.acquire({ accountId: 1, priority: 'interactive' }));
      const order: string[] = [];
      const bg = (async () => {
        for (let i = 0; i < 3; i += 1) {
          (await background.budget.acquire({ accountId: 2, priority: 'background' })).release();
          order.push('background');
        }
      })();
      await sleep(100); // the background process is waiting first
      const inc = (async () => {
        for (let i = 0; i < 3; i += 1) {
          (await incremental.budget.acquire({ accountId: 3, priority: 'incremental' })).release();
          order.push('incremental');
        }
      })();
      await sleep(300);
      for (const grant of held) grant.release();
      await Promise.all([bg, inc]);
      assert.deepEqual(order.slice(0, 3), ['incremental', 'incremental', 'incremental'], order.join(','));
      for (const b of [filler, background, incremental]) await b.budget.close();
    },
  );

  it(
    'two clients with their own budgets never make the simulator answer 429 at the same limit',
    skip,
    async () => {
      const sim = await startSimulator({
        seed: 17,
        accounts: 2,
        listings: 2,
        reservations: 4,
        rateLimit: { enabled: true, perIp: 5, perAccount: 100, windowMs: 1_000 },
      });
      try {
        const startedAt = Date.now();
        const outcomes = await Promise.all(
          sim.accounts.map(async (account) => {
            const { budget } = await processBudget('p5', { slotTimeoutMs: 3_000 });
            const client = createTestClient(sim.baseUrl, {
              budget,
              // No retries: a single 429 fails the test.
              http: { timeoutMs: 2_000, maxRetries: 0, retryBaseMs: 5, rateLimitBackoffMs: 20 },
            });
            const api = client.forAccount(account, undefined, { priority: 'incremental' });
            try {
              await Promise.all(
                Array.from({ length: 4 }, async () => {
                  for (let i = 0; i < 3; i += 1) await api.get('/listings');
                }),
              );
              return 'ok';
            } catch (error) {
              return error instanceof RateLimitedError ? '429' : String(error);
            } finally {
              client.close();
            }
          }),
        );
        assert.deepEqual(outcomes, ['ok', 'ok']);
        assert.equal(sim.stats.rateLimited, 0);
        // 2 token mints + 24 reads at 5 per second: at least 5 full windows.
        assert.ok(Date.now() - startedAt >= 5_000, `took ${Date.now() - startedAt} ms`);
        await sleep(100); // releases are written asynchronously
        const { worst, slots } = await busiestWindow(t, 'p5', 1_000);
        assert.equal(slots, 26);
        assert.ok(worst <= 5, `busiest window ${worst}`);
      } finally {
        await sim.close();
      }
    },
  );

  it('background keeps its floor while incremental requests of another process wait', skip, async () => {
    const floor = { backgroundFloor: 2 };
    const [incremental, background] = [await processBudget('p6', floor), await processBudget('p6', floor)];
    const demand = (budget: typeof incremental.budget, priority: 'incremental' | 'background', n: number) =>
      Promise.all(
        Array.from({ length: n }, async () => {
          const grant = await budget.acquire({ accountId: null, priority });
          await sleep(10);
          grant.release();
        }),
      );
    const inc = demand(incremental.budget, 'incremental', 20);
    await sleep(50); // the incremental process is waiting, with more to send than a window allows
    const bg = demand(background.budget, 'background', 10);
    await Promise.all([inc, bg]);
    await sleep(100);
    const during = await busiestWindow(t, 'p6', 1_000, 2);
    assert.ok(during.slots >= 2, `background was not starved (${during.slots} granted)`);
    assert.ok(during.worst <= 2, `background held ${during.worst} slots of one window`);
    for (const b of [incremental, background]) await b.budget.close();
  });
});
