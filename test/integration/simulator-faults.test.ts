import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';

const RATE_LIMIT_BODY = {
  status: 'fail',
  message:
    'This error occurs because a server detects that your application has exceeded the rate limits or has made too many requests in a given period of time.',
};

async function mintReply(sim: Simulator, index = 0): Promise<Response> {
  const account = sim.accounts[index];
  assert.ok(account);
  return fetch(`${sim.baseUrl}/accessTokens`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: String(account.accountId),
      client_secret: account.clientSecret,
      scope: 'general',
    }),
  });
}

async function tokenFor(sim: Simulator, index = 0): Promise<string> {
  const reply = await mintReply(sim, index);
  assert.equal(reply.status, 200);
  return ((await reply.json()) as { access_token: string }).access_token;
}

function getter(sim: Simulator, token: string): (path: string) => Promise<Response> {
  return (path) => fetch(`${sim.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

async function statuses(requests: (() => Promise<Response>)[]): Promise<number[]> {
  const out: number[] = [];
  for (const request of requests) {
    const reply = await request();
    await reply.arrayBuffer();
    out.push(reply.status);
  }
  return out;
}

describe('simulator rate limiting', () => {
  let now = Date.parse('2026-03-15T12:00:00Z');
  const sim = createSimulator({ reservations: 20, accounts: 2, now: () => new Date(now) });
  before(() => sim.listen());
  after(() => sim.close());
  beforeEach(() => sim.resetStats());

  it('rejects over the per-IP sliding window, counting rejected requests, then recovers', async () => {
    sim.setRateLimit({ enabled: true, perIp: 3, perAccount: 100, windowMs: 200 });
    const token = await tokenFor(sim); // 1st request in the window
    const get = getter(sim, token);
    const listing = (): Promise<Response> => get('/listings');
    assert.deepEqual(await statuses([listing, listing]), [200, 200]);
    now += 150;
    const limited = await get('/listings');
    assert.equal(limited.status, 429);
    assert.deepEqual(await limited.json(), RATE_LIMIT_BODY);
    assert.equal(limited.headers.get('retry-after'), null);
    assert.deepEqual(await statuses([listing, listing]), [429, 429]);
    now += 60; // the 3 accepted requests left the window; the 3 rejected ones still count
    assert.deepEqual(await statuses([listing]), [429]);
    now += 150;
    assert.deepEqual(await statuses([listing]), [200]);
    assert.equal(sim.stats.rateLimited, 4);
    assert.equal(sim.stats.status['429'], 4);
  });

  it('limits per account separately from the IP, token requests included', async () => {
    sim.setRateLimit({ perIp: 100, perAccount: 3, windowMs: 200 });
    now += 1000;
    const first = getter(sim, await tokenFor(sim, 0));
    const second = getter(sim, await tokenFor(sim, 1));
    assert.deepEqual(
      await statuses([() => first('/listings'), () => first('/listings'), () => first('/listings')]),
      [200, 200, 429],
    );
    assert.deepEqual(await statuses([() => second('/listings'), () => second('/listings')]), [200, 200]);
    assert.deepEqual(await statuses([() => mintReply(sim, 1)]), [429]);
    assert.deepEqual(sim.stats.byAccount, { '10001': 4, '10002': 4 });
  });

  it('recovers in real time with a short window', async () => {
    const real = createSimulator({ reservations: 5, rateLimit: { perIp: 2, windowMs: 200 } });
    await real.listen();
    try {
      const get = getter(real, await tokenFor(real));
      assert.deepEqual(await statuses([() => get('/listings'), () => get('/listings')]), [200, 429]);
      await sleep(250);
      assert.deepEqual(await statuses([() => get('/listings')]), [200]);
    } finally {
      await real.close();
    }
  });
});

describe('simulator faults', () => {
  let now = Date.parse('2026-03-15T12:00:00Z');
  const lines: string[] = [];
  const sim = createSimulator({
    reservations: 20,
    accounts: 2,
    rateLimit: { enabled: false },
    tokenActivationMs: 1000,
    now: () => new Date(now),
    logRequests: (line) => lines.push(line),
  });
  let get: (path: string) => Promise<Response>;
  before(async () => {
    await sim.listen();
    const token = await tokenFor(sim);
    now += 1000;
    get = getter(sim, token);
  });
  after(() => sim.close());
  beforeEach(() => sim.clearFaults());

  it('answers injected 429s with and without Retry-After, not counted as rate limiting', async () => {
    sim.resetStats();
    sim.injectFaults({ kind: '429', retryAfterSeconds: 3 });
    sim.injectFaults({ kind: '429' });
    const first = await get('/listings');
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '3');
    assert.deepEqual(await first.json(), RATE_LIMIT_BODY);
    const second = await get('/listings');
    assert.equal(second.status, 429);
    assert.equal(second.headers.get('retry-after'), null);
    await second.arrayBuffer();
    assert.deepEqual(await statuses([() => get('/listings')]), [200]);
    assert.equal(sim.stats.rateLimited, 0);
    assert.equal(sim.stats.status['429'], 2);
  });

  it('serves 5xx, 403 and non-JSON faults in FIFO order, each for `count` requests', async () => {
    sim.injectFaults({ kind: '500', count: 2 });
    sim.injectFaults({ kind: '502' });
    sim.injectFaults({ kind: '503' });
    sim.injectFaults({ kind: '403' });
    sim.injectFaults({ kind: 'non-json' });
    const listing = (): Promise<Response> => get('/listings');
    const replies: Response[] = [];
    for (let i = 0; i < 7; i += 1) replies.push(await listing());
    assert.deepEqual(
      replies.map((r) => r.status),
      [500, 500, 502, 503, 403, 200, 200],
    );
    assert.deepEqual(await replies[0]?.json(), { status: 'fail', message: 'Internal Server Error' });
    assert.match(replies[2]?.headers.get('content-type') ?? '', /text\/html/);
    assert.match((await replies[3]?.text()) ?? '', /503/);
    assert.deepEqual(await replies[4]?.json(), { status: 'fail', message: 'Unauthorized' });
    const html = (await replies[5]?.text()) ?? '';
    assert.throws(() => JSON.parse(html), SyntaxError);
    assert.equal(((await replies[6]?.json()) as { status: string }).status, 'success');
  });

  it('applies a fault only to paths with its prefix, including the token endpoint', async () => {
    sim.injectFaults({ kind: '503', pathPrefix: '/v1/conversations' });
    assert.deepEqual(
      await statuses([() => get('/listings'), () => get('/conversations'), () => get('/conversations')]),
      [200, 503, 200],
    );
    sim.injectFaults({ kind: '500', pathPrefix: '/v1/accessTokens' });
    assert.deepEqual(
      await statuses([() => get('/listings'), () => mintReply(sim), () => mintReply(sim)]),
      [200, 500, 200],
    );
    sim.injectFaults({ kind: '500', count: 5 });
    sim.clearFaults();
    assert.deepEqual(await statuses([() => get('/listings')]), [200]);
  });

  it('applies a fault by path pattern and account until cleared: any status, empty answers, short pages', async () => {
    const other = sim.accounts[1]!.accountId;
    const reservationId = Number(sim.listReservations(sim.accounts[0]!.accountId)[0]!['id']);
    sim.injectFaults({ kind: 'status', status: 404, path: '/v1/reservations/:id', untilCleared: true });
    sim.injectFaults({ kind: 'empty', path: '/v1/listings', accountId: other });
    sim.injectFaults({ kind: 'short-page', limit: 3, path: '/v1/reservations', untilCleared: true });
    const detail = () => get(`/reservations/${reservationId}`);
    assert.deepEqual(await statuses([detail, detail, detail]), [404, 404, 404]);
    assert.deepEqual(await (await detail()).json(), { status: 'fail', message: 'Resource not found' });
    const conversations = await get(`/reservations/${reservationId}/conversations`);
    assert.equal(conversations.status, 200, 'a pattern matches whole paths only');
    await conversations.arrayBuffer();
    const listings = (await (await get('/listings')).json()) as { result: unknown[] };
    assert.ok(listings.result.length > 0, "another account's fault leaves this one alone");
    const page = (await (await get('/reservations?limit=10&offset=0')).json()) as Record<string, unknown>;
    assert.equal((page['result'] as unknown[]).length, 3);
    assert.equal(page['limit'], 3, 'the capped limit is echoed');
    assert.ok(Number(page['count']) > 3);
    const token = await tokenFor(sim, 1);
    now += 1000;
    assert.deepEqual(await (await getter(sim, token)('/listings')).json(), { status: 'success', result: [] });
    sim.clearFaults();
    assert.deepEqual(await statuses([detail]), [200]);
    assert.throws(() => sim.injectFaults({ kind: 'status' }), /needs status/);
    assert.throws(() => sim.injectFaults({ kind: 'short-page' }), /needs limit/);
  });

  it('delays slow answers, truncates bodies and resets connections', async () => {
    sim.injectFaults({ kind: 'slow', delayMs: 300 });
    const started = Date.now();
    const slow = await get('/reservations');
    assert.equal(slow.status, 200);
    assert.equal(((await slow.json()) as { count: number }).count, 20);
    assert.ok(Date.now() - started >= 290);
    sim.injectFaults({ kind: 'truncated' });
    const truncated = await get('/reservations');
    assert.equal(truncated.status, 200);
    assert.ok(Number(truncated.headers.get('content-length')) > 1000);
    await assert.rejects(truncated.text());
    sim.injectFaults({ kind: 'reset' });
    await assert.rejects(get('/reservations'));
    assert.deepEqual(await statuses([() => get('/reservations')]), [200]);
    assert.match(lines.at(-2) ?? '', /^GET \/v1\/reservations -> reset \d+ms account=10001 \(fault reset\)$/);
    assert.match(lines.at(-1) ?? '', /^GET \/v1\/reservations -> 200 \d+ms account=10001$/);
  });

  it('honours the token activation delay and revokes every token', async () => {
    const fresh = await tokenFor(sim);
    assert.deepEqual(await statuses([() => getter(sim, fresh)('/listings')]), [403]);
    now += 1000;
    assert.deepEqual(await statuses([() => getter(sim, fresh)('/listings')]), [200]);
    sim.revokeAllTokens();
    assert.deepEqual(
      await statuses([() => getter(sim, fresh)('/listings'), () => get('/listings')]),
      [403, 403],
    );
    const again = await tokenFor(sim);
    now += 1000;
    get = getter(sim, again);
    assert.deepEqual(await statuses([() => get('/listings')]), [200]);
  });

  it('closes promptly with a slow request in flight', async () => {
    const other = createSimulator({ reservations: 5, rateLimit: { enabled: false } });
    await other.listen();
    const token = await tokenFor(other);
    other.injectFaults({ kind: 'slow', delayMs: 10_000 });
    const pending = getter(other, token)('/listings');
    await sleep(50);
    const started = Date.now();
    await other.close();
    assert.ok(Date.now() - started < 1000);
    await assert.rejects(pending);
    assert.throws(() => other.baseUrl, /not listening/);
  });
});
