import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createSimulator,
  describeSimulator,
  type HostawayObject,
  type Simulator,
} from '../../src/simulator/index.js';

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

const NOW_MS = Date.parse('2026-03-15T12:00:00Z');
const PAGED_ENVELOPE = ['status', 'result', 'limit', 'offset', 'count', 'page', 'totalPages'];

async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    body: JSON.parse(text) as Record<string, unknown>,
    headers: response.headers,
  };
}

async function mint(sim: Simulator, index = 0, secret?: string): Promise<Reply> {
  const account = sim.accounts[index];
  assert.ok(account);
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: String(account.accountId),
    client_secret: secret ?? account.clientSecret,
    scope: 'general',
  });
  return call(`${sim.baseUrl}/accessTokens`, { method: 'POST', body: form });
}

async function tokenFor(sim: Simulator, index = 0): Promise<string> {
  const reply = await mint(sim, index);
  assert.equal(reply.status, 200);
  return reply.body['access_token'] as string;
}

function getter(sim: Simulator, token: string): (path: string) => Promise<Reply> {
  return (path) => call(`${sim.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

const result = (reply: Reply): HostawayObject[] => reply.body['result'] as HostawayObject[];
const idsOf = (rows: HostawayObject[]): number[] => rows.map((row) => row['id'] as number);

describe('simulator HTTP API', () => {
  let now = NOW_MS;
  const sim = createSimulator({
    seed: 5,
    accounts: 2,
    reservations: 130,
    orphanConversations: 2,
    rateLimit: { enabled: false },
    now: () => new Date(now),
  });
  let get: (path: string) => Promise<Reply>;

  before(async () => {
    assert.throws(() => sim.baseUrl, /not listening/);
    const { baseUrl, port } = await sim.listen();
    assert.equal(baseUrl, `http://127.0.0.1:${port}/v1`);
    get = getter(sim, await tokenFor(sim));
  });
  after(() => sim.close());

  it('mints JWT-looking tokens for an account', async () => {
    const reply = await mint(sim);
    assert.deepEqual(Object.keys(reply.body), ['token_type', 'expires_in', 'access_token']);
    assert.equal(reply.body['token_type'], 'Bearer');
    assert.equal(reply.body['expires_in'], 63072000);
    const [header, payload] = (reply.body['access_token'] as string).split('.');
    assert.deepEqual(JSON.parse(Buffer.from(header ?? '', 'base64url').toString()), {
      typ: 'JWT',
      alg: 'RS256',
    });
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(claims), ['aud', 'jti', 'iat', 'nbf', 'exp', 'sub', 'scopes', 'secretId']);
    assert.equal(claims['aud'], '10001');
    assert.match(claims['jti'] as string, /^[0-9a-f]{80}$/);
    assert.equal(claims['iat'], NOW_MS / 1000);
    assert.equal((claims['exp'] as number) - (claims['iat'] as number), 63072000);
    assert.deepEqual(claims['scopes'], ['general']);
    assert.equal(claims['sub'], '');
    assert.ok(Number.isInteger(claims['secretId']));
  });

  it('rejects bad credentials with 401', async () => {
    const bad = await mint(sim, 0, 'wrong');
    assert.equal(bad.status, 401);
    assert.deepEqual(bad.body, { status: 'fail', message: 'Invalid client credentials' });
    const wrongGrant = await call(`${sim.baseUrl}/accessTokens`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: '10001',
        client_secret: sim.accounts[0]?.clientSecret ?? '',
      }),
    });
    assert.equal(wrongGrant.status, 401);
    const unknown = await call(`${sim.baseUrl}/accessTokens`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: '99999',
        client_secret: 'x',
        scope: 'general',
      }),
    });
    assert.equal(unknown.status, 401);
  });

  it('answers 403 for missing, malformed, forged, foreign, revoked and expired tokens', async () => {
    const unauthorized = { status: 'fail', message: 'Unauthorized' };
    const none = await call(`${sim.baseUrl}/listings`);
    assert.equal(none.status, 403);
    assert.deepEqual(none.body, unauthorized);
    assert.equal((await getter(sim, 'not-a-token')('/listings')).status, 403);
    const token = await tokenFor(sim);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, aud: '10002' })).toString('base64url');
    assert.equal((await getter(sim, `${header}.${forgedPayload}.${signature}`)('/listings')).status, 403);
    const other = createSimulator({ seed: 5, rateLimit: { enabled: false } });
    await other.listen();
    const foreign = await tokenFor(other);
    await other.close();
    assert.equal((await getter(sim, foreign)('/listings')).status, 403);
    const revoke = await call(`${sim.baseUrl}/accessTokens?token=${encodeURIComponent(token)}`, {
      method: 'DELETE',
    });
    assert.deepEqual(revoke.body, { status: 'success', result: [] });
    assert.equal((await getter(sim, token)('/listings')).status, 403);
    const expiring = await tokenFor(sim);
    now += 63072000 * 1000;
    try {
      assert.equal((await getter(sim, expiring)('/listings')).status, 403);
    } finally {
      now = NOW_MS;
    }
    assert.equal((await getter(sim, expiring)('/listings')).status, 200);
  });

  it('serves listings with the listings envelope', async () => {
    const list = await get('/listings?limit=4&offset=2');
    assert.deepEqual(Object.keys(list.body), ['status', 'result', 'count', 'limit', 'offset']);
    assert.equal(list.body['count'], 10);
    assert.equal(list.body['limit'], 4);
    assert.equal(list.body['offset'], 2);
    assert.deepEqual(result(list), sim.listListings(10001).slice(2, 6));
    const bare = await get('/listings');
    assert.equal(bare.body['limit'], null);
    assert.equal(bare.body['offset'], null);
    const one = await get(`/listings/${idsOf(result(list))[0]}`);
    assert.deepEqual(Object.keys(one.body), ['status', 'result']);
    assert.deepEqual(one.body['result'], result(list)[0]);
    const missing = await get('/listings/999');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { status: 'fail', message: 'Resource not found' });
  });

  it('serves only the token account data', async () => {
    const second = getter(sim, await tokenFor(sim, 1));
    const ids = idsOf(result(await second('/reservations?limit=500')));
    assert.deepEqual(ids, idsOf(sim.listReservations(10002)));
    const foreignId = idsOf(sim.listReservations(10001))[0];
    assert.equal((await second(`/reservations/${foreignId}`)).status, 404);
  });

  it('pages reservations by afterId and by offset, each row exactly once in default order', async () => {
    const expected = idsOf(sim.listReservations(10001));
    assert.equal(expected.length, 130);
    const byCursor: number[] = [];
    let cursor: number | undefined;
    for (;;) {
      const page = await get(
        `/reservations?limit=7${cursor === undefined ? '' : `&afterId=${cursor}`}&offset=3`,
      );
      assert.equal(page.body['count'], 130);
      const ids = idsOf(result(page));
      if (ids.length === 0) break;
      byCursor.push(...ids);
      cursor = ids[ids.length - 1];
    }
    // the first page sent offset=3 without afterId; the cursor pages ignore offset
    assert.deepEqual(byCursor, expected.slice(3));
    const byOffset: number[] = [];
    for (let offset = 0; offset < 130; offset += 9)
      byOffset.push(...idsOf(result(await get(`/reservations?limit=9&offset=${offset}`))));
    assert.deepEqual(byOffset, expected);
    const unknown = await get('/reservations?afterId=123');
    assert.deepEqual(result(unknown), []);
    assert.equal(unknown.body['count'], 130);
  });

  it('orders reservations: default, updatedOn, arrivalDate, conversation dates', async () => {
    const all = async (query: string): Promise<HostawayObject[]> =>
      result(await get(`/reservations?limit=500&${query}`));
    const byDefault = await all('');
    const pairs = byDefault.map((r) => `${r['updatedOn'] as string}#${String(r['id']).padStart(12, '0')}`);
    assert.deepEqual(pairs, [...pairs].sort().reverse());
    assert.deepEqual(idsOf(await all('sortOrder=updatedOn')), idsOf(byDefault).reverse());
    const arrivals = (await all('sortOrder=arrivalDateDesc')).map((r) => r['arrivalDate'] as string);
    assert.deepEqual(arrivals, [...arrivals].sort().reverse());
    const received = await all('sortOrder=lastConversationMessageReceivedDesc');
    const conversations = new Map(sim.listConversations(10001).map((c) => [c['reservationId'], c]));
    const dates = received.map(
      (r) => (conversations.get(r['id'])?.['messageReceivedOn'] as string | null) ?? null,
    );
    const firstNull = dates.indexOf(null);
    assert.ok(firstNull > 0 && dates.slice(firstNull).every((d) => d === null));
    const present = dates.slice(0, firstNull) as string[];
    assert.deepEqual(present, [...present].sort().reverse());
  });

  it('filters by listingId, caps limit, ignores unknown parameters, fills resources on request', async () => {
    const listingId = sim.listListings(10001)[2]?.['id'] as number;
    const filtered = await get(`/reservations?listingId=${listingId}&limit=500`);
    const expected = sim.listReservations(10001).filter((r) => r['listingMapId'] === listingId);
    assert.equal(filtered.body['count'], expected.length);
    assert.deepEqual(idsOf(result(filtered)), idsOf(expected));
    const capped = createSimulator({ maxLimit: 25, rateLimit: { enabled: false } });
    await capped.listen();
    try {
      const reply = await getter(capped, await tokenFor(capped))('/reservations?limit=1000');
      assert.equal(result(reply).length, 25);
      assert.equal(reply.body['limit'], 25);
    } finally {
      await capped.close();
    }
    const plain = await get('/reservations?limit=50');
    const noisy = await get('/reservations?limit=50&updatedSince=2020-01-01&foo=bar&page=3');
    assert.deepEqual(noisy.body, plain.body);
    assert.ok(result(plain).every((r) => (r['customFieldValues'] as unknown[]).length === 0));
    const rich = await get('/reservations?limit=500&includeResources=1');
    assert.deepEqual(result(rich), sim.listReservations(10001));
    assert.ok(result(rich).some((r) => (r['reservationFees'] as unknown[]).length > 0));
  });

  it('serves conversations with the paged envelope, latest message and Reservation', async () => {
    const page = await get('/conversations?limit=40&offset=80');
    assert.deepEqual(Object.keys(page.body), PAGED_ENVELOPE);
    assert.deepEqual(
      [
        page.body['limit'],
        page.body['offset'],
        page.body['count'],
        page.body['page'],
        page.body['totalPages'],
      ],
      [40, 80, 132, 3, 4],
    );
    const all = sim.listConversations(10001, { includeResources: false });
    assert.deepEqual(result(page), all.slice(80, 120));
    const rich = await get('/conversations?limit=40&offset=80&includeResources=1');
    assert.deepEqual(result(rich), sim.listConversations(10001).slice(80, 120));
    assert.notDeepEqual(result(rich), result(page));
    const sent = all.map((c) => c['messageSentOn']).filter((d) => d !== null) as string[];
    assert.deepEqual(sent, [...sent].sort().reverse());
    const first = result(page)[0];
    assert.ok(first);
    assert.deepEqual(
      first['Reservation'],
      (await get(`/reservations/${first['reservationId'] as number}`)).body['result'],
    );
    const byReservation = await get(`/conversations?reservationId=${first['reservationId'] as number}`);
    assert.deepEqual(idsOf(result(byReservation)), [first['id']]);
    const nested = await get(`/reservations/${first['reservationId'] as number}/conversations`);
    assert.deepEqual(result(nested), result(byReservation));
    assert.deepEqual((await get(`/conversations/${first['id'] as number}`)).body['result'], first);
    assert.equal((await get('/conversations/1')).status, 404);
  });

  it('serves messages: sent only by default, every status with includeScheduledMessages=1', async () => {
    const conversations = sim.listConversations(10001);
    const scheduled = conversations.find((c) =>
      sim.listMessages(10001, c['id'] as number).some((m) => m['status'] !== 'sent'),
    );
    assert.ok(scheduled);
    const id = scheduled['id'] as number;
    const everything = sim.listMessages(10001, id);
    const plain = await get(`/conversations/${id}/messages`);
    assert.deepEqual(Object.keys(plain.body), PAGED_ENVELOPE);
    assert.deepEqual(
      result(plain),
      everything.filter((m) => m['status'] === 'sent'),
    );
    const all = await get(`/conversations/${id}/messages?includeScheduledMessages=1`);
    assert.deepEqual(result(all), everything);
    const long = conversations.find((c) => sim.listMessages(10001, c['id'] as number).length > 100);
    assert.ok(long);
    const longId = long['id'] as number;
    const pages: number[] = [];
    for (let offset = 0; ; offset += 100) {
      const reply = await get(
        `/conversations/${longId}/messages?includeScheduledMessages=1&limit=100&offset=${offset}`,
      );
      if (result(reply).length === 0) {
        assert.equal(reply.body['page'], offset / 100 + 1);
        break;
      }
      pages.push(...idsOf(result(reply)));
    }
    assert.deepEqual(pages, idsOf(sim.listMessages(10001, longId)));
    const messageId = pages[0] ?? 0;
    assert.equal(
      (await get(`/conversations/${longId}/messages/${messageId}`)).body['result'] !== undefined,
      true,
    );
    assert.equal((await get(`/conversations/${longId}/messages/1`)).status, 404);
  });

  it('supports unified webhook CRUD with a masked password', async () => {
    const token = await tokenFor(sim);
    const send = (method: string, path: string, body?: unknown): Promise<Reply> =>
      call(`${sim.baseUrl}/webhooks/unifiedWebhooks${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const created = await send('POST', '', {
      isEnabled: 1,
      url: 'https://example.com/hook',
      login: 'u',
      password: 'p',
      alertingEmailAddress: null,
    });
    const webhook = created.body['result'] as HostawayObject;
    assert.deepEqual(Object.keys(webhook), [
      'id',
      'isEnabled',
      'url',
      'login',
      'password',
      'alertingEmailAddress',
    ]);
    assert.equal(webhook['password'], '****');
    assert.equal((await send('POST', '', { url: 'not a url' })).status, 400);
    const updated = await send('PUT', `/${webhook['id'] as number}`, { isEnabled: 0 });
    assert.equal((updated.body['result'] as HostawayObject)['isEnabled'], 0);
    assert.deepEqual(result(await send('GET', '')), [updated.body['result']]);
    assert.deepEqual(
      (await send('GET', `/${webhook['id'] as number}`)).body['result'],
      updated.body['result'],
    );
    assert.equal((await send('DELETE', `/${webhook['id'] as number}`)).status, 200);
    assert.equal((await send('GET', `/${webhook['id'] as number}`)).status, 404);
    assert.deepEqual(result(await send('GET', '')), []);
  });

  it('answers unknown routes with 404 and counts requests in stats', async () => {
    sim.resetStats();
    const stats = sim.stats;
    const unknown = await get('/financialReports');
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, { status: 'fail', message: 'Resource not found' });
    await get('/reservations?limit=5&foo=1');
    await get('/reservations/1');
    await fetch(`${sim.baseUrl.replace('/v1', '')}/_sim/health`);
    assert.equal(stats.requests, 3);
    assert.deepEqual(stats.byEndpoint, {
      'GET (unmatched)': 1,
      'GET /reservations': 1,
      'GET /reservations/:id': 1,
    });
    assert.deepEqual(stats.byAccount, { '10001': 3 });
    assert.deepEqual(stats.status, { '404': 2, '200': 1 });
    assert.equal(stats.queryParams['page'], undefined);
    assert.deepEqual(stats.queryParams, { limit: 1, foo: 1 });
    assert.match(
      describeSimulator(sim),
      /listening on http:\/\/127\.0\.0\.1:\d+\/v1\n.*\n {2}10001 {2}[0-9a-f]{64}/,
    );
  });
});
