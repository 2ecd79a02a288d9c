import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { defaultResourceRequests } from '../helpers/optional-resources.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';

/**
 * Requests the data needs at minimum: one token, and every list read in pages of 100 (a thread at least 1),
 * plus the account's default optional resources (their stated cost: the same budget covers them).
 */
function minimumRequests(sim: Simulator, accountId: number): number {
  const pages = (n: number) => Math.max(1, Math.ceil(n / 100));
  const conversations = sim.listConversations(accountId);
  const threads = conversations.reduce(
    (sum, c) => sum + pages(sim.listMessages(accountId, Number(c.id)).length),
    0,
  );
  return (
    1 +
    pages(sim.listListings(accountId).length) +
    pages(sim.listReservations(accountId).length) +
    pages(conversations.length) +
    threads +
    defaultResourceRequests(sim, accountId)
  );
}

describe('full sync under the simulated Hostaway rate limits', () => {
  let sim: Simulator;
  let t: TestDatabase;

  before(async () => {
    // The documented 15/10 s per IP and 20/10 s per account, with the window scaled down to 500 ms.
    sim = await startSimulator({
      seed: 11,
      accounts: 2,
      listings: 5,
      reservations: 130,
      rateLimit: { enabled: true, perIp: 15, perAccount: 20, windowMs: 500 },
    });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  it('sees zero 429s and makes exactly the minimum number of requests', async () => {
    const client = createTestClient(sim.baseUrl, {
      rateLimit: { perIp: 15, perAccount: 20, windowMs: 520 },
      http: { timeoutMs: 5000, maxRetries: 5, retryBaseMs: 50, rateLimitBackoffMs: 500 },
    });
    const ids = sim.accounts.map((a) => a.accountId);
    const results = await createTestEngine(t.db, client).runMany(ids, 'full');
    client.close();
    assert.deepEqual(
      results.map((r) => r.status),
      ['succeeded', 'succeeded'],
    );
    assert.equal(sim.stats.status['429'] ?? 0, 0);
    assert.equal(sim.stats.rateLimited, 0);
    for (const result of results) {
      assert.equal(result.apiRequests, minimumRequests(sim, result.accountId), `account ${result.accountId}`);
      assert.equal(result.rateLimited, 0);
    }
    assert.equal(
      sim.stats.requests,
      results.reduce((sum, r) => sum + r.apiRequests, 0),
    );
  });
});
