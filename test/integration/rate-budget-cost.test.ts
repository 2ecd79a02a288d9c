import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import type { RateBudget } from '../../src/hostaway/rate-budget.js';
import type { Simulator } from '../../src/simulator/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { createProcessBudget, type BudgetLimits } from '../helpers/shared-budget.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';

const skip = { skip: !process.env['TEST_DATABASE_URL'] && 'needs a server database' };

/** Hostaway's 15 per IP and 20 per account, with the window scaled down to 250 ms; leases of eight windows (as the CLI's). */
const WINDOW_MS = 250;
const AT_LIMITS: BudgetLimits = {
  perPool: 15,
  perAccount: 20,
  windowMs: WINDOW_MS,
  leaseMs: 8 * WINDOW_MS,
  slotTimeoutMs: 2_000,
  backgroundFloor: 1,
};
/** The windows each run keeps the pool busy: what the lease renewals are spread over. */
const WINDOWS_PER_RUN = 60;

/** Arrival times the simulator logged (when each request reached it), for the busiest window. */
function arrivals() {
  const at: number[] = [];
  return {
    log(line: string) {
      const match = /-> \S+ (\d+)ms/.exec(line);
      if (match) at.push(Date.now() - Number(match[1]));
    },
    busiest(windowMs: number) {
      const sorted = [...at].sort((a, b) => a - b);
      let worst = 0;
      for (let i = 0, j = 0; i < sorted.length; i += 1) {
        while (sorted[j]! <= sorted[i]! - windowMs) j += 1;
        worst = Math.max(worst, i - j + 1);
      }
      return worst;
    },
    clear: () => at.splice(0),
  };
}

describe('what the shared rate budget costs the database', () => {
  let t: TestDatabase;
  const pools: Database[] = [];
  const budgets: RateBudget[] = [];

  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    for (const budget of budgets) await budget.close?.().catch(() => undefined);
    for (const db of pools) await db.close().catch(() => undefined);
    await t.drop();
  });

  /** `processes` clients on one pool, one account each, 4 requests at a time, at the simulator's limits. */
  async function runAtLimits(sim: Simulator, processes: number, pool: string) {
    const each = Math.ceil((AT_LIMITS.perPool * WINDOWS_PER_RUN) / processes);
    const made = await Promise.all(
      sim.accounts.slice(0, processes).map(async (account) => {
        const process = await createProcessBudget(t.url!, pool, AT_LIMITS);
        pools.push(process.db);
        const client = createTestClient(sim.baseUrl, {
          budget: process.budget,
          http: { timeoutMs: 2_000, maxRetries: 0, retryBaseMs: 5, rateLimitBackoffMs: 20 },
        });
        return { process, client, api: client.forAccount(account, undefined, { priority: 'incremental' }) };
      }),
    );
    await Promise.all(
      made.map(async ({ api }) => {
        let left = each;
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            while (left-- > 0) await api.get('/listings', { limit: 1 });
          }),
        );
      }),
    );
    for (const { process, client } of made) {
      client.close();
      await process.budget.close?.();
    }
    return made.reduce((sum, { process }) => sum + process.transactions(), 0);
  }

  for (const processes of [1, 2, 4]) {
    it(
      `costs at most 0.1 transactions per request with ${processes} process(es) at Hostaway's limits`,
      skip,
      async () => {
        const seen = arrivals();
        const sim = await startSimulator({
          seed: 5,
          accounts: processes,
          listings: 1,
          reservations: 1,
          logRequests: seen.log,
          rateLimit: { enabled: true, perIp: 15, perAccount: 20, windowMs: WINDOW_MS },
        });
        try {
          const transactions = await runAtLimits(sim, processes, `cost-${processes}`);
          const requests = sim.stats.requests;
          console.log(`${processes} process(es): ${requests} requests, ${transactions} budget transactions`);
          assert.equal(sim.stats.rateLimited, 0, 'no 429');
          assert.ok(seen.busiest(WINDOW_MS) >= AT_LIMITS.perPool, 'the pool was used up to its limit');
          assert.ok(
            transactions / requests <= 0.1,
            `${transactions} transactions for ${requests} requests: ${(transactions / requests).toFixed(3)} per request`,
          );
        } finally {
          await sim.close();
        }
      },
    );
  }

  it(
    'a full sync with the limits effectively off spends only a handful of budget transactions',
    skip,
    async () => {
      const sim = await startSimulator({ seed: 7, accounts: 1, listings: 5, reservations: 300 });
      try {
        await addSimulatedAccounts(t.db, sim);
        // Leases of a minute: the count then does not depend on how long a loaded machine takes for the run.
        const limits = {
          ...AT_LIMITS,
          perPool: 10_000,
          perAccount: 10_000,
          windowMs: 1_000,
          leaseMs: 60_000,
        };
        const process = await createProcessBudget(t.url!, 'unlimited', limits);
        pools.push(process.db);
        const client = createTestClient(sim.baseUrl, { budget: process.budget });
        const [result] = await createTestEngine(t.db, client).runMany([sim.accounts[0]!.accountId], 'full');
        client.close();
        await process.budget.close?.();
        assert.equal(result!.status, 'succeeded');
        console.log(
          `full sync: ${sim.stats.requests} requests, ${process.transactions()} budget transactions`,
        );
        assert.ok(sim.stats.requests > 300, `${sim.stats.requests} requests`);
        assert.ok(process.transactions() <= 5, `${process.transactions()} budget transactions`);
      } finally {
        await sim.close();
      }
    },
  );
});
