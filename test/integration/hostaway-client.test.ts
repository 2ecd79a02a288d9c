import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AuthError, HostawayApiError, RateLimitedError, UnavailableError } from '../../src/errors.js';
import type { StoredToken, TokenStore } from '../../src/hostaway/token-manager.js';
import {
  fetchConversationMessages,
  fetchListingPages,
  fetchReservationPages,
} from '../../src/hostaway/resources.js';
import type { Simulator } from '../../src/simulator/index.js';
import { TOKEN_TTL_SECONDS } from '../../src/simulator/server/tokens.js';
import { createTestClient, firstAccount, startSimulator } from '../helpers/hostaway.js';

function memoryStore(): TokenStore & { saved: StoredToken[] } {
  const saved: StoredToken[] = [];
  return {
    saved,
    load: async () => saved.at(-1) ?? null,
    save: async (_id, token) => {
      saved.push(token);
    },
  };
}

describe('Hostaway client against the simulator', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seed: 7, listings: 3, reservations: 250 });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.clearFaults();
    sim.resetStats();
  });

  it('mints a token once, stores it and reuses it; a new process reuses the stored token', async () => {
    const store = memoryStore();
    const client = createTestClient(sim.baseUrl);
    const api = client.forAccount(firstAccount(sim), store);
    const before = Date.now();
    await api.get('/listings');
    const after = Date.now();
    await api.get('/listings');
    assert.equal(sim.stats.tokensIssued, 1);
    assert.equal(store.saved.length, 1);
    // expires_in (the simulator's, as Hostaway's: 24 months) counted from the moment of minting.
    const expiresAt = store.saved[0]!.expiresAt.getTime();
    assert.ok(
      expiresAt >= before + TOKEN_TTL_SECONDS * 1000 && expiresAt <= after + TOKEN_TTL_SECONDS * 1000,
      `expires_in honoured: ${new Date(expiresAt).toISOString()}`,
    );
    const again = createTestClient(sim.baseUrl).forAccount(firstAccount(sim), store);
    await again.get('/listings');
    assert.equal(sim.stats.tokensIssued, 1, 'stored token reused');
    client.close();
  });

  it('re-mints once on 403 and retries the request', async () => {
    const api = createTestClient(sim.baseUrl).forAccount(firstAccount(sim));
    await api.get('/listings');
    sim.revokeAllTokens();
    const envelope = await api.get<unknown[]>('/listings');
    assert.equal(envelope.status, 'success');
    assert.equal(sim.stats.tokensIssued, 2);
  });

  it('fails with an auth error (exit 77) when the retried request is rejected again', async () => {
    const api = createTestClient(sim.baseUrl).forAccount(firstAccount(sim));
    await api.verifyCredentials();
    sim.injectFaults({ kind: '403', count: 2 });
    await assert.rejects(
      api.get('/listings'),
      (error: unknown) => error instanceof AuthError && error.exitCode === 77,
    );
  });

  it('rejects a wrong client secret as an auth error without retrying', async () => {
    const api = createTestClient(sim.baseUrl).forAccount({
      accountId: firstAccount(sim).accountId,
      clientSecret: 'wrong',
    });
    await assert.rejects(api.verifyCredentials(), AuthError);
    assert.equal(sim.stats.byEndpoint['POST /accessTokens'], 1);
  });

  it('does not retry a 404', async () => {
    const api = createTestClient(sim.baseUrl).forAccount(firstAccount(sim));
    await api.verifyCredentials();
    sim.resetStats();
    await assert.rejects(
      api.get('/reservations/1'),
      (error: unknown) => error instanceof HostawayApiError && error.status === 404,
    );
    assert.equal(sim.stats.requests, 1);
  });

  for (const retryAfterSeconds of [undefined, 0]) {
    it(`retries a 429 ${retryAfterSeconds === undefined ? 'without' : 'with'} Retry-After`, async () => {
      const api = createTestClient(sim.baseUrl).forAccount(firstAccount(sim));
      await api.verifyCredentials();
      sim.resetStats();
      sim.injectFaults({
        kind: '429',
        count: 2,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      });
      const envelope = await api.get('/listings');
      assert.equal(envelope.status, 'success');
      assert.equal(sim.stats.requests, 3);
      assert.equal(api.stats.rateLimited, 2);
    });
  }

  it('gives up on a 429 storm longer than the retry budget with a temporary error (exit 75)', async () => {
    const api = createTestClient(sim.baseUrl).forAccount(firstAccount(sim));
    await api.verifyCredentials();
    sim.injectFaults({ kind: '429', count: 10 });
    await assert.rejects(
      api.get('/listings'),
      (error: unknown) => error instanceof RateLimitedError && error.exitCode === 75,
    );
  });

  for (const kind of ['500', '502', '503', 'truncated', 'non-json', 'reset'] as const) {
    it(`retries a ${kind} answer`, async () => {
      const api = createTestClient(sim.baseUrl).forAccount(firstAccount(sim));
      await api.verifyCredentials();
      sim.resetStats();
      sim.injectFaults({ kind, count: 2 });
      const envelope = await api.get<unknown[]>('/listings');
      assert.equal(envelope.result.length, 3);
      assert.equal(api.stats.retries, 2);
    });
  }

  it('retries a request that times out', async () => {
    const api = createTestClient(sim.baseUrl, {
      http: { timeoutMs: 150, maxRetries: 2, retryBaseMs: 5, rateLimitBackoffMs: 20 },
    }).forAccount(firstAccount(sim));
    await api.verifyCredentials();
    sim.injectFaults({ kind: 'slow', delayMs: 600, count: 1 });
    const envelope = await api.get<unknown[]>('/listings');
    assert.equal(envelope.result.length, 3);
    assert.equal(api.stats.retries, 1);
  });

  it('reports an unreachable API as exit 69 after its retries', async () => {
    const api = createTestClient('http://127.0.0.1:9/v1', {
      http: { timeoutMs: 200, maxRetries: 1, retryBaseMs: 1, rateLimitBackoffMs: 1 },
    }).forAccount(firstAccount(sim));
    await assert.rejects(
      api.get('/listings'),
      (error: unknown) => error instanceof UnavailableError && error.exitCode === 69,
    );
  });

  it('pages reservations with afterId and listings with offset, never sending page', async () => {
    const api = createTestClient(sim.baseUrl).forAccount(firstAccount(sim));
    const ids: number[] = [];
    for await (const page of fetchReservationPages(api)) ids.push(...page.items.map((r) => r.id));
    const expected = sim.listReservations(firstAccount(sim).accountId).map((r) => r.id);
    assert.deepEqual(ids, expected);
    assert.equal(sim.stats.byEndpoint['GET /reservations'], 3, '250 rows = 3 pages, stop at count');
    for await (const page of fetchListingPages(api)) assert.equal(page.items.length, 3);
    assert.equal(sim.stats.queryParams.page, undefined);
    // Pages 2 and 3 of the reservations carry afterId; the single listings page carries offset.
    assert.equal(sim.stats.queryParams.afterId, 2);
    assert.equal(sim.stats.queryParams.offset, 1);
  });

  it('fetches a whole thread oldest first, scheduled messages included', async () => {
    const { accountId } = firstAccount(sim);
    const api = createTestClient(sim.baseUrl).forAccount(firstAccount(sim));
    const unsent = (id: number) => sim.listMessages(accountId, id).filter((m) => m['status'] !== 'sent');
    // The longest thread that holds messages Hostaway serves only with includeScheduledMessages=1.
    const longest = sim
      .listConversations(accountId)
      .map((c) => ({ id: c.id as number, n: sim.listMessages(accountId, c.id as number).length }))
      .filter((c) => unsent(c.id).length > 0)
      .sort((a, b) => b.n - a.n)[0]!;
    assert.ok(longest, 'the simulator has a thread with scheduled, failed or cancelled messages');
    const messages = await fetchConversationMessages(api, longest.id);
    const served = sim.listMessages(accountId, longest.id);
    assert.equal(messages.length, served.length);
    assert.deepEqual(new Set(messages.map((m) => m.id)), new Set(served.map((m) => m.id)));
    assert.deepEqual(
      messages
        .filter((m) => m.status !== 'sent')
        .map((m) => m.id)
        .sort(),
      unsent(longest.id)
        .map((m) => m['id'])
        .sort(),
      'every unsent message is fetched',
    );
    const keys = messages.map((m) => `${String(m.insertedOn)}#${String(m.id).padStart(12, '0')}`);
    assert.deepEqual(keys, [...keys].sort(), 'oldest first');
  });
});
