import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RateLimitedError } from '../../src/errors.js';
import type { Simulator } from '../../src/simulator/index.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';

describe('HOSTAWAY_LOCAL_ADDRESS: one egress address per pool', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({
      seed: 5,
      accounts: 2,
      listings: 2,
      reservations: 5,
      rateLimit: { enabled: true, perIp: 3, perAccount: 100, windowMs: 5_000 },
    });
  });
  after(() => sim.close());

  /** Three requests per account (a token and two reads) from the given local addresses. */
  const burst = async (addresses: [string, string]) => {
    const outcomes = await Promise.all(
      sim.accounts.map(async (account, i) => {
        const client = createTestClient(sim.baseUrl, {
          localAddress: addresses[i]!,
          http: { timeoutMs: 2_000, maxRetries: 0, retryBaseMs: 5, rateLimitBackoffMs: 20 },
        });
        const api = client.forAccount({ accountId: account.accountId, clientSecret: account.clientSecret });
        try {
          await api.get('/listings');
          await api.get('/listings');
          return 'ok';
        } catch (error) {
          return error instanceof RateLimitedError ? '429' : String(error);
        } finally {
          client.close();
        }
      }),
    );
    return outcomes;
  };

  it('requests from two local addresses count against two per-IP limits', async () => {
    assert.deepEqual(await burst(['127.0.0.2', '127.0.0.3']), ['ok', 'ok']);
  });

  it('the same requests from one address exceed its limit', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    assert.ok((await burst(['127.0.0.4', '127.0.0.4'])).includes('429'));
  });
});
