import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import type { RateBudget } from '../../src/hostaway/rate-budget.js';
import { createLogger } from '../../src/logger.js';
import type { Simulator } from '../../src/simulator/index.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { createProcessBudget } from '../helpers/shared-budget.js';
import { sleep } from '../helpers/sleep.js';

const PAUSE_MS = 1_500;
const WINDOW_MS = 1_000;

/**
 * A 429 is charged to what was full (design.md §5): Hostaway refusing one account while the pool's window
 * has room is that account's own limit, and pauses only it; refusals to two accounts of the pool within
 * one window pause the pool. Runs on the shared budget with a server database, else on the in-process one.
 */
describe('a 429 pauses the account or the pool, whichever was full', () => {
  let sim: Simulator;
  let t: TestDatabase;
  const dbs: Database[] = [];
  const budgets: RateBudget[] = [];

  before(async () => {
    sim = await startSimulator({ seed: 3, accounts: 3, listings: 2, reservations: 3 });
    t = await createTestDatabase();
  });
  after(async () => {
    for (const budget of budgets) await budget.close?.().catch(() => undefined);
    for (const db of dbs) await db.close().catch(() => undefined);
    await sim.close();
    await t.drop();
  });

  /** One process's client (its budget shared through the test's database when it is a server). */
  async function processClient(pool: string) {
    const limits = { perPool: 15, perAccount: 20, windowMs: WINDOW_MS };
    let budget: RateBudget | undefined;
    if (testServerUrl()) {
      const made = await createProcessBudget(t.url!, pool, {
        ...limits,
        leaseMs: 8 * WINDOW_MS,
        slotTimeoutMs: 3_000,
        backgroundFloor: 1,
      });
      dbs.push(made.db);
      budgets.push(made.budget);
      budget = made.budget;
    }
    const paused: string[] = [];
    const logger = createLogger({
      level: 'warn',
      write: (line) => {
        const entry = JSON.parse(line) as { msg?: string; paused?: string };
        if (entry.msg === 'retrying Hostaway request') paused.push(entry.paused ?? 'unclassified');
      },
    });
    const client = createTestClient(sim.baseUrl, {
      logger,
      ...(budget ? { budget } : {}),
      rateLimit: { perIp: limits.perPool, perAccount: limits.perAccount, windowMs: WINDOW_MS },
      http: { timeoutMs: 3_000, maxRetries: 2, retryBaseMs: 5, rateLimitBackoffMs: PAUSE_MS },
    });
    const apis = sim.accounts.map((account) => client.forAccount(account));
    // Tokens first, so every later request is one the test controls.
    for (const api of apis) await api.verifyCredentials();
    await sleep(WINDOW_MS);
    /** Resolves once the client has charged `n` 429s (each logs what it paused before its retry). */
    const charged = async (n: number) => {
      while (paused.length < n) await sleep(10);
      return paused;
    };
    return { client, apis, charged };
  }

  it('a lone 429 of one account while the pool has room does not delay another account', async () => {
    const { client, apis, charged } = await processClient('lone');
    const [a, b] = [apis[0]!, apis[1]!];
    sim.injectFaults({ kind: '429', count: 1, pathPrefix: '/v1/reservations' });
    const refused = a.get('/reservations');
    const charges = [...(await charged(1))];
    const startedAt = Date.now();
    await b.get('/listings');
    const waited = Date.now() - startedAt;
    await refused;
    client.close();
    assert.equal(a.stats.rateLimited, 1, 'the account was refused once');
    assert.ok(a.stats.retries === 1, 'and retried after its pause');
    assert.ok(waited < PAUSE_MS / 3, `another account's request waited ${waited} ms`);
    assert.equal(b.stats.rateLimited, 0);
    assert.deepEqual(charges, ['account'], 'the 429 was charged to the account');
  });

  it('429s to two accounts of the pool in one window pause the whole pool', async () => {
    const { client, apis, charged } = await processClient('crowded');
    const [a, b, c] = [apis[0]!, apis[1]!, apis[2]!];
    sim.injectFaults({ kind: '429', count: 1, pathPrefix: '/v1/reservations' });
    sim.injectFaults({ kind: '429', count: 1, pathPrefix: '/v1/conversations' });
    const refused = [a.get('/reservations'), b.get('/conversations')];
    const charges = [...(await charged(2))];
    const startedAt = Date.now();
    await c.get('/listings');
    const waited = Date.now() - startedAt;
    await Promise.all(refused);
    client.close();
    assert.equal(a.stats.rateLimited + b.stats.rateLimited, 2);
    assert.ok(waited >= PAUSE_MS / 2, `a third account's request waited ${waited} ms for the pool's pause`);
    assert.deepEqual(
      charges,
      ['account', 'pool'],
      'the second refusal in the window was charged to the pool',
    );
  });
});
