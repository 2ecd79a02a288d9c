import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDatabase, type Database } from '../../src/db/database.js';
import { SCOPE_LOCK_NAMESPACE } from '../../src/db/sql/rate-lease-grant.js';
import type { RateBudget } from '../../src/hostaway/rate-budget.js';
import { RateBudgetBusyError, RateLimitedError } from '../../src/errors.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import {
  busiestWindow,
  createProcessBudget,
  type BudgetLimits,
  type Interval,
} from '../helpers/shared-budget.js';
import { sleep } from '../helpers/sleep.js';

const limits: BudgetLimits = {
  perPool: 5,
  perAccount: 100,
  windowMs: 1_000,
  leaseMs: 1_500,
  slotTimeoutMs: 400,
  backgroundFloor: 0,
};
const skip = { skip: !process.env['TEST_DATABASE_URL'] && 'needs a server database' };

/** `n` requests, `parallel` at a time, each in flight for `busyMs`; returns their grant intervals. */
async function spend(
  budget: RateBudget,
  request: { accountId: number | null; priority: 'interactive' | 'incremental' | 'background' },
  n: number,
  options: { parallel?: number; busyMs?: number; until?: () => boolean } = {},
): Promise<Interval[]> {
  const intervals: Interval[] = [];
  let left = n;
  await Promise.all(
    Array.from({ length: options.parallel ?? 1 }, async () => {
      while (left > 0 && !options.until?.()) {
        left -= 1;
        const grant = await budget.acquire(request);
        const grantedAt = Date.now();
        await sleep(options.busyMs ?? 10);
        intervals.push({ grantedAt, releasedAt: Date.now() }); // at most when the gate sees the release
        grant.release();
      }
    }),
  );
  return intervals;
}

describe('the shared rate budget in PostgreSQL (one pool, several processes)', () => {
  let t: TestDatabase;
  const extra: Database[] = [];
  const budgets: RateBudget[] = [];
  /** A budget with its own connection pool, as a separate process would have. */
  const processBudget = async (pool: string, overrides: Partial<BudgetLimits> = {}) => {
    const made = await createProcessBudget(t.url!, pool, { ...limits, ...overrides });
    extra.push(made.db);
    budgets.push(made.budget);
    return made;
  };

  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    for (const budget of budgets) await budget.close?.().catch(() => undefined);
    for (const db of extra) await db.close().catch(() => undefined);
    await t.drop();
  });

  it('never lets two processes put more than the limit in any sliding window', skip, async () => {
    const [a, b] = [await processBudget('p1'), await processBudget('p1')];
    const startedAt = Date.now();
    const spent = await Promise.all([
      spend(a.budget, { accountId: 1, priority: 'incremental' }, 8, { parallel: 4, busyMs: 15 }),
      spend(b.budget, { accountId: 2, priority: 'incremental' }, 8, { parallel: 4, busyMs: 15 }),
    ]);
    const all = spent.flat();
    assert.equal(all.length, 16);
    assert.equal(
      busiestWindow(all, limits.windowMs),
      5,
      'the busiest window holds exactly the limit, never more',
    );
    assert.ok(Date.now() - startedAt >= 2_000, '16 requests at 5 per second take at least three windows');
  });

  it(
    'a process that dies holding its lease blocks the others only until the lease has aged out',
    skip,
    async () => {
      const dying = await processBudget('p2');
      for (let i = 0; i < 5; i += 1) await dying.budget.acquire({ accountId: 1, priority: 'incremental' });
      await dying.db.close(); // killed: its lease is never handed back
      const other = await processBudget('p2');
      const startedAt = Date.now();
      const grant = await other.budget.acquire({ accountId: 2, priority: 'incremental' });
      const waited = Date.now() - startedAt;
      grant.release();
      const bound = limits.leaseMs + limits.slotTimeoutMs + limits.windowMs;
      assert.ok(waited >= 1_200, `waited ${waited} ms: the dead lease counts until it has aged out`);
      assert.ok(waited < bound + 1_000, `waited ${waited} ms: but no longer than ${bound} ms and a retry`);
    },
  );

  it(
    'a process waiting for part of a pool another holds in full gets it within windows, not a lease',
    skip,
    async () => {
      const long = { windowMs: 500, leaseMs: 16 * 500 };
      const [holder, waiter] = [await processBudget('p9', long), await processBudget('p9', long)];
      let done = false;
      const busy = spend(holder.budget, { accountId: 1, priority: 'incremental' }, Infinity, {
        parallel: 3,
        busyMs: 10,
        until: () => done,
      });
      await sleep(300); // the holder has the whole pool and keeps spending it
      const startedAt = Date.now();
      const asked = waiter.budget.acquire({ accountId: 2, priority: 'incremental' });
      const granted = await Promise.race([asked, sleep(long.leaseMs / 2).then(() => null)]);
      if (!granted) waiter.budget.interrupt?.(new Error('no share'));
      await asked.catch(() => undefined);
      done = true;
      await busy;
      assert.ok(
        granted,
        `no share after ${Date.now() - startedAt} ms: the holder kept the pool until its renewal`,
      );
      granted.release();
    },
  );

  it('a share given up keeps counting what was sent under it, not the whole share', skip, async () => {
    const first = await processBudget('p10');
    await spend(first.budget, { accountId: 1, priority: 'incremental' }, 2);
    await first.budget.close?.();
    const { rows } = await t.db.query<{ share: number; extra: number }>(
      `SELECT share, extra FROM hostaway.rate_leases WHERE scope = 'pool:p10'`,
    );
    // Its whole share (5) counting for a window would make the next command wait for nothing.
    assert.deepEqual(rows, [{ share: 0, extra: 2 }]);
  });

  it('a 429 without an account, seen by one process, pauses the whole pool', skip, async () => {
    const [a, b] = [await processBudget('p3'), await processBudget('p3')];
    assert.equal(await a.budget.reportRateLimited(1_500, null), 'pool');
    const startedAt = Date.now();
    (await b.budget.acquire({ accountId: 9, priority: 'interactive' })).release();
    assert.ok(Date.now() - startedAt >= 1_000, 'the other process waited for the pause');
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT rate_limited::int AS n FROM hostaway.rate_pools WHERE pool = 'p3'`,
    );
    assert.equal(rows[0]!.n, 1);
  });

  it('background requests wait while an incremental one of another process waits', skip, async () => {
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
  });

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
        assert.equal(sim.stats.requests, 26);
        // 2 token mints + 24 reads at 5 per second: at least 5 full windows.
        assert.ok(Date.now() - startedAt >= 5_000, `took ${Date.now() - startedAt} ms`);
      } finally {
        await sim.close();
      }
    },
  );

  it('background keeps its floor while incremental requests of another process wait', skip, async () => {
    const floor = { backgroundFloor: 2 };
    const [incremental, background] = [await processBudget('p6', floor), await processBudget('p6', floor)];
    const inc = spend(incremental.budget, { accountId: null, priority: 'incremental' }, 40, { parallel: 20 });
    await sleep(50); // the incremental process is waiting, with more to send than a window allows
    const bg = spend(background.budget, { accountId: null, priority: 'background' }, 10, { parallel: 10 });
    const [incremental_, background_] = await Promise.all([inc, bg]);
    const lastIncremental = Math.max(...incremental_.map((i) => i.grantedAt));
    const during = background_.filter((i) => i.grantedAt < lastIncremental);
    assert.ok(during.length >= 2, `background was not starved (${during.length} granted)`);
    assert.ok(busiestWindow(during, limits.windowMs) <= 2, 'background held at most its floor of one window');
  });

  it('grants correctly when the database defaults to repeatable read', skip, async () => {
    const name = new URL(t.url!).pathname.slice(1);
    await t.db.query(`ALTER DATABASE ${name} SET default_transaction_isolation = 'repeatable read'`);
    try {
      const processes = [await processBudget('p7'), await processBudget('p7'), await processBudget('p7')];
      const { rows } = await processes[0]!.db.query<{ level: string }>(
        'SELECT current_setting($1) AS level',
        ['default_transaction_isolation'],
      );
      assert.equal(rows[0]!.level, 'repeatable read');
      const spent = await Promise.all(
        processes.map((p, i) =>
          spend(p.budget, { accountId: i + 1, priority: 'incremental' }, 8, { parallel: 4 }),
        ),
      );
      assert.equal(busiestWindow(spent.flat(), limits.windowMs), 5, 'never more than the limit in a window');
    } finally {
      await t.db.query(`ALTER DATABASE ${name} RESET default_transaction_isolation`);
    }
  });

  it(
    'a stalled holder of the budget lock fails a grant with a clear error instead of hanging',
    skip,
    async () => {
      const frozen = await createDatabase({ url: t.url!, poolSize: 1 });
      extra.push(frozen);
      await frozen.withSession(async (session) => {
        await session.query('SELECT pg_advisory_lock($1, hashtext($2))', [SCOPE_LOCK_NAMESPACE, 'pool:p8']);
        const waiting = await processBudget('p8');
        const startedAt = Date.now();
        await assert.rejects(waiting.budget.acquire({ accountId: 1, priority: 'interactive' }), (error) => {
          assert.ok(error instanceof RateBudgetBusyError, String(error));
          assert.equal(error.exitCode, 75);
          return true;
        });
        assert.ok(Date.now() - startedAt < 6_000, 'after four lock waits of 1 s, not for ever');
        await session.query('SELECT pg_advisory_unlock_all()');
      });
    },
  );
});
