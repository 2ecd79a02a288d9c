import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createSimulator, type HostawayObject, type Simulator } from '../../src/simulator/index.js';

const ACCOUNT = 10001;
const OTHER = 10002;

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('simulator page hooks: changes between two pages', () => {
  const sim: Simulator = createSimulator({
    seed: 12,
    accounts: 2,
    listings: 150,
    reservations: 250,
    rateLimit: { enabled: false },
  });
  const tokens = new Map<number, string>();
  let root: string;
  const get = async (path: string, accountId = ACCOUNT) =>
    call(`${sim.baseUrl}${path}`, { headers: { authorization: `Bearer ${tokens.get(accountId)}` } });
  const control = (method: string, path: string, body?: unknown) =>
    call(`${root}/_sim${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  before(async () => {
    await sim.listen();
    root = sim.baseUrl.replace(/\/v1$/, '');
    for (const { accountId, clientSecret } of sim.accounts) {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: String(accountId),
        client_secret: clientSecret,
        scope: 'general',
      });
      const reply = await call(`${sim.baseUrl}/accessTokens`, { method: 'POST', body: form });
      tokens.set(accountId, reply.body['access_token'] as string);
    }
  });
  after(() => sim.close());
  beforeEach(() => sim.clearPageHooks());

  it('runs after the nth matching response: that page shows the state before, the next one after', async () => {
    const served: unknown[] = [];
    const hook = sim.afterRequest({ path: '/v1/listings', nth: 1 }, (s, response) => {
      served.push(response);
      s.deleteListing(ACCOUNT, 100003);
    });
    assert.equal(hook.fired, 0);
    const first = await get('/listings?limit=100&offset=0');
    assert.equal(first.body['count'], 150, 'the page that triggered the hook was encoded before the change');
    assert.ok((first.body['result'] as HostawayObject[]).some((l) => l.id === 100003));
    assert.equal(hook.fired, 1);
    assert.equal(hook.matched, 1);
    const [response] = served as { path: string; query: Record<string, string>; body: { count: number } }[];
    assert.equal(response!.path, '/v1/listings');
    assert.deepEqual(response!.query, { limit: '100', offset: '0' });
    assert.equal(response!.body.count, 150, 'the action sees the response as sent');
    const second = await get('/listings?limit=100&offset=100');
    assert.equal(second.body['count'], 149);
    assert.equal((second.body['result'] as HostawayObject[])[0]!.id, 100102, 'the list shifted by one');
    assert.deepEqual(sim.listPageHooks(), [], 'a once hook leaves after running');
    await get('/listings?limit=100&offset=0');
    assert.equal(hook.fired, 1);
  });

  it('counts only 2xx answers of the matching path and account; nth and once:false', async () => {
    const fired: number[] = [];
    const hook = sim.afterRequest(
      { accountId: ACCOUNT, pathPrefix: '/v1/reservations', nth: 2, once: false },
      () => fired.push(hook.matched),
    );
    await get('/reservations?limit=10', OTHER); // another account
    await get('/listings?limit=1'); // another path
    sim.injectFaults({ kind: '500', pathPrefix: '/v1/reservations' });
    assert.equal((await get('/reservations?limit=10')).status, 500); // a fault is not a page
    assert.equal((await get('/reservations/1')).status, 404); // not found is not a page
    assert.equal(hook.matched, 0);
    await get('/reservations?limit=10');
    assert.deepEqual(fired, []);
    await get('/reservations?limit=10');
    await get(`/reservations/${sim.listReservations(ACCOUNT)[0]!.id}`);
    assert.deepEqual(fired, [2, 3], 'the 2nd and every later matching response');
    assert.equal(sim.listPageHooks().length, 1);
    hook.remove();
    assert.equal(sim.listPageHooks().length, 0);
  });

  it('a deleted afterId cursor row gives an empty next page', async () => {
    sim.afterRequest({ path: '/v1/reservations' }, (s, response) => {
      const page = (response.body as { result: HostawayObject[] }).result;
      s.deleteReservation(ACCOUNT, Number(page[page.length - 1]!.id));
    });
    const first = await get('/reservations?limit=100');
    const page = first.body['result'] as HostawayObject[];
    assert.equal(page.length, 100);
    const next = await get(`/reservations?limit=100&afterId=${String(page[99]!.id)}`);
    assert.deepEqual(next.body['result'], []);
    assert.equal(next.body['count'], 249);
  });

  it('an action that throws is recorded and the server goes on', async () => {
    const hook = sim.afterRequest({ path: '/v1/listings' }, (s) => s.deleteListing(ACCOUNT, 999_999));
    assert.equal((await get('/listings?limit=1')).status, 200);
    assert.match(hook.error ?? '', /999999/);
    assert.equal((await get('/listings?limit=1')).status, 200);
  });

  it('control API: scripted hooks of every kind, listed and cleared', async () => {
    const reservations = sim.listReservations(ACCOUNT).map((r) => Number(r.id));
    const [a, b, c] = reservations as [number, number, number];
    const add = (afterNth: number, action: Record<string, unknown>) =>
      control('POST', '/page-hooks', { path: '/v1/reservations', accountId: ACCOUNT, afterNth, action });
    const created = await add(1, {
      kind: 'updateReservation',
      reservationId: a,
      patch: { doorCode: '9911' },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body['label'], `updateReservation ${ACCOUNT}/${a}`);
    assert.equal((await add(1, { kind: 'cancelReservation', reservationId: b })).status, 200);
    assert.equal((await add(1, { kind: 'deleteReservation', reservationId: c })).status, 200);
    assert.equal(
      (await add(1, { kind: 'addReservation', overrides: { guestName: 'Ada Lovelace' } })).status,
      200,
    );
    const deleteListing = await control('POST', '/page-hooks', {
      pathPrefix: '/v1/listings',
      afterNth: 2,
      action: { kind: 'deleteListing', accountId: OTHER, listingId: 110002 },
    });
    assert.equal(deleteListing.status, 200);
    const listed = (await control('GET', '/page-hooks')).body['hooks'] as { fired: number }[];
    assert.equal(listed.length, 5);
    const before = sim.listReservations(ACCOUNT).length;
    await get('/reservations?limit=1');
    const after = sim.listReservations(ACCOUNT);
    assert.equal(after.length, before, 'one deleted, one added');
    assert.equal(after.find((r) => r.id === a)?.doorCode, '9911');
    assert.equal(after.find((r) => r.id === b)?.status, 'cancelled');
    assert.equal(
      after.find((r) => r.id === c),
      undefined,
    );
    assert.ok(after.some((r) => r.guestName === 'Ada Lovelace'));
    assert.equal(((await control('GET', '/page-hooks')).body['hooks'] as unknown[]).length, 1);
    await get('/listings?limit=1', OTHER);
    assert.equal(sim.listListings(OTHER).length, 150);
    await get('/listings?limit=1', OTHER);
    assert.equal(sim.listListings(OTHER).length, 149);
    await add(5, { kind: 'cancelReservation', reservationId: a });
    assert.deepEqual((await control('DELETE', '/page-hooks')).body, { ok: true });
    assert.deepEqual((await control('GET', '/page-hooks')).body, { hooks: [] });
  });

  it('control API refuses bad hooks with 400 and an unknown id with 404', async () => {
    const bad = [
      { path: '/v1/listings', action: { kind: 'explode', accountId: ACCOUNT } },
      { path: '/v1/listings', action: { kind: 'deleteListing', accountId: ACCOUNT } },
      { path: '/v1/listings', action: { kind: 'deleteListing', listingId: 100001 } },
      {
        path: '/v1/listings',
        afterNth: 0,
        action: { kind: 'deleteListing', accountId: ACCOUNT, listingId: 1 },
      },
      { path: 7, action: { kind: 'deleteListing', accountId: ACCOUNT, listingId: 1 } },
      { path: '/v1/listings' },
    ];
    for (const body of bad)
      assert.equal((await control('POST', '/page-hooks', body)).status, 400, JSON.stringify(body));
    assert.equal((await control('DELETE', '/page-hooks/12345')).status, 404);
    assert.throws(() => sim.afterRequest({ nth: 1.5 }, () => undefined), /nth/);
  });
});
