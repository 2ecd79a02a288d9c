import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSimulator, type HostawayObject, type Simulator } from '../../src/simulator/index.js';

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

const ACCOUNT = 10001;

async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function tokenFor(sim: Simulator): Promise<string> {
  const account = sim.accounts[0];
  assert.ok(account);
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: String(account.accountId),
    client_secret: account.clientSecret,
    scope: 'general',
  });
  const reply = await call(`${sim.baseUrl}/accessTokens`, { method: 'POST', body: form });
  return reply.body['access_token'] as string;
}

describe('simulator control API and mutations', () => {
  let now = Date.parse('2026-03-15T12:00:00Z');
  const stamp = (): string => new Date(now).toISOString().slice(0, 19).replace('T', ' ');
  const sim = createSimulator({ reservations: 60, rateLimit: { enabled: false }, now: () => new Date(now) });
  let control: (method: string, path: string, body?: unknown) => Promise<Reply>;
  let get: (path: string) => Promise<Reply>;

  before(async () => {
    const { baseUrl } = await sim.listen();
    const root = baseUrl.replace(/\/v1$/, '');
    control = (method, path, body) =>
      call(`${root}/_sim${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const token = await tokenFor(sim);
    get = (path) => call(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  });
  after(() => sim.close());

  const list = async (path: string): Promise<HostawayObject[]> =>
    (await get(path)).body['result'] as HostawayObject[];
  const conversationOf = async (reservationId: number): Promise<HostawayObject> => {
    const conversations = await list(`/reservations/${reservationId}/conversations`);
    assert.equal(conversations.length, 1);
    return conversations[0] as HostawayObject;
  };
  const someReservation = (index: number): number => sim.listReservations(ACCOUNT)[index]?.['id'] as number;

  it('reports health, accounts and stats, and is neither counted nor rate limited', async () => {
    sim.resetStats();
    sim.setRateLimit({ enabled: true, perIp: 1, windowMs: 60_000 });
    try {
      assert.deepEqual((await control('GET', '/health')).body, { status: 'ok' });
      assert.deepEqual((await control('GET', '/accounts')).body, { accounts: sim.accounts });
      assert.equal((await control('GET', '/stats')).body['requests'], 0);
      assert.equal((await get('/listings')).status, 200);
      assert.equal((await get('/listings')).status, 429);
      const stats = (await control('GET', '/stats')).body;
      assert.equal(stats['requests'], 2);
      assert.equal(stats['rateLimited'], 1);
      assert.deepEqual((await control('POST', '/stats/reset')).body, { ok: true });
      assert.equal(sim.stats.requests, 0);
      assert.equal((await control('PUT', '/rate-limit', { enabled: false })).status, 200);
      assert.equal((await get('/listings')).status, 200);
      assert.equal((await control('PUT', '/rate-limit', { perIp: -3 })).status, 400);
      assert.equal((await control('GET', '/nothing')).status, 404);
    } finally {
      sim.setRateLimit({ enabled: false });
    }
  });

  it('queues and clears faults, and revokes tokens', async () => {
    assert.deepEqual(
      (await control('POST', '/faults', { kind: '503', count: 2, pathPrefix: '/v1/listings' })).body,
      { ok: true },
    );
    assert.equal((await fetch(`${sim.baseUrl}/listings`)).status, 503);
    assert.equal((await control('DELETE', '/faults')).status, 200);
    assert.equal((await get('/listings')).status, 200);
    assert.equal((await control('POST', '/faults', { kind: 'teapot' })).status, 400);
    assert.equal((await control('POST', '/faults', 'nonsense')).status, 400);
    await control('POST', '/tokens/revoke-all');
    assert.equal((await get('/listings')).status, 403);
    const token = await tokenFor(sim);
    get = (path) => call(`${sim.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await get('/listings')).status, 200);
  });

  it('updates a reservation: updatedOn bumped, first in the list, embedded in its conversation', async () => {
    now += 60_000;
    const id = someReservation(30);
    const reply = await control('POST', `/accounts/${ACCOUNT}/reservations/${id}/update`, {
      doorCode: '4321',
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.body['updatedOn'], stamp());
    const first = (await list('/reservations?limit=1'))[0];
    assert.equal(first?.['id'], id);
    assert.equal(first?.['doorCode'], '4321');
    const embedded = (await conversationOf(id))['Reservation'] as HostawayObject;
    assert.equal(embedded['doorCode'], '4321');
    assert.equal(embedded['updatedOn'], stamp());
    assert.deepEqual(sim.listReservations(ACCOUNT)[0], reply.body);
    assert.equal(
      (await control('POST', `/accounts/${ACCOUNT}/reservations/${id}/update`, { nope: 1 })).status,
      400,
    );
    assert.equal((await control('POST', `/accounts/${ACCOUNT}/reservations/1/update`, {})).status, 404);
    assert.equal((await control('POST', `/accounts/99/reservations/${id}/update`, {})).status, 404);
  });

  it('cancels and moves reservations', async () => {
    now += 60_000;
    const id = someReservation(40);
    const cancelled = (await control('POST', `/accounts/${ACCOUNT}/reservations/${id}/cancel`)).body;
    assert.deepEqual(
      [cancelled['status'], cancelled['cancellationDate'], cancelled['updatedOn']],
      ['cancelled', stamp(), stamp()],
    );
    assert.equal(cancelled['cancelledBy'], 'guest');
    assert.equal(((await conversationOf(id))['Reservation'] as HostawayObject)['status'], 'cancelled');
    now += 60_000;
    const current = sim.listReservations(ACCOUNT).find((r) => r['id'] === id);
    const target = sim.listListings(ACCOUNT).find((l) => l['id'] !== current?.['listingMapId']);
    assert.ok(target);
    const moved = (
      await control('POST', `/accounts/${ACCOUNT}/reservations/${id}/move`, { listingId: target['id'] })
    ).body;
    assert.deepEqual(
      [moved['listingMapId'], moved['listingName'], moved['updatedOn']],
      [target['id'], target['name'], stamp()],
    );
    const conversation = await conversationOf(id);
    assert.equal(conversation['listingMapId'], target['id']);
    const messages = await list(
      `/conversations/${conversation['id'] as number}/messages?includeScheduledMessages=1`,
    );
    assert.ok(messages.every((m) => m['listingMapId'] === target['id']));
    assert.equal(
      (await control('POST', `/accounts/${ACCOUNT}/reservations/${id}/move`, { listingId: 5 })).status,
      404,
    );
  });

  it('adds and deletes reservations with their conversations', async () => {
    now += 60_000;
    const before = (await get('/reservations')).body['count'] as number;
    const added = (await control('POST', `/accounts/${ACCOUNT}/reservations`, { guestName: 'Ada Lovelace' }))
      .body;
    const id = added['id'] as number;
    assert.deepEqual(
      [added['status'], added['guestName'], added['insertedOn'], added['updatedOn']],
      ['new', 'Ada Lovelace', stamp(), stamp()],
    );
    assert.equal((await get('/reservations')).body['count'], before + 1);
    assert.equal((await list('/reservations?limit=1'))[0]?.['id'], id);
    const conversation = await conversationOf(id);
    assert.equal(conversation['messageSentOn'], stamp());
    assert.equal((await list('/conversations?limit=1'))[0]?.['id'], conversation['id']);
    assert.equal((await list(`/conversations/${conversation['id'] as number}/messages`)).length, 2);
    await control('DELETE', `/accounts/${ACCOUNT}/reservations/${id}`);
    assert.equal((await get(`/reservations/${id}`)).status, 404);
    assert.equal((await get(`/conversations/${conversation['id'] as number}`)).status, 404);
    assert.equal((await get('/reservations')).body['count'], before);
    assert.equal((await control('DELETE', `/accounts/${ACCOUNT}/reservations/${id}`)).status, 404);
  });

  it('adds messages and keeps the conversation consistent', async () => {
    now += 60_000;
    const id = someReservation(50);
    const conversation = await conversationOf(id);
    const path = `/accounts/${ACCOUNT}/conversations/${conversation['id'] as number}/messages`;
    const incoming = (await control('POST', path, { body: 'Is early check-in possible?', isIncoming: 1 }))
      .body;
    assert.deepEqual(
      [incoming['body'], incoming['date'], incoming['status'], incoming['isIncoming']],
      ['Is early check-in possible?', stamp(), 'sent', 1],
    );
    let updated = await conversationOf(id);
    assert.equal(updated['messageReceivedOn'], stamp());
    assert.equal(updated['hasUnreadMessages'], 1);
    assert.deepEqual(updated['conversationMessages'], [incoming]);
    assert.deepEqual(
      (await list(`/conversations/${conversation['id'] as number}/messages?limit=1`))[0],
      incoming,
    );
    now += 60_000;
    const reply = (await control('POST', path, { body: 'Sure!', isIncoming: 0 })).body;
    updated = await conversationOf(id);
    assert.deepEqual([updated['messageSentOn'], updated['hasUnreadMessages']], [stamp(), 0]);
    assert.equal((await list('/conversations?limit=1'))[0]?.['id'], conversation['id']);
    const scheduled = sim.addMessage(ACCOUNT, conversation['id'] as number, {
      status: 'awaiting',
      isIncoming: 0,
    });
    assert.ok((scheduled['date'] as string) > stamp());
    assert.deepEqual(
      (await list(`/conversations/${conversation['id'] as number}/messages?limit=1`))[0],
      reply,
    );
    const all = await list(
      `/conversations/${conversation['id'] as number}/messages?limit=1&includeScheduledMessages=1`,
    );
    assert.deepEqual(all[0], scheduled);
    assert.deepEqual((await conversationOf(id))['conversationMessages'], [scheduled]);
    assert.equal((await conversationOf(id))['messageSentOn'], stamp());
    assert.equal((await control('POST', `/accounts/${ACCOUNT}/conversations/1/messages`, {})).status, 404);
    assert.equal((await control('POST', path, { isIncoming: 2 })).status, 400);
  });

  it('updates and deletes listings', async () => {
    now += 60_000;
    const listingId = sim.listListings(ACCOUNT)[1]?.['id'] as number;
    const updated = (
      await control('POST', `/accounts/${ACCOUNT}/listings/${listingId}/update`, { name: 'Renamed loft' })
    ).body;
    assert.deepEqual([updated['name'], updated['latestActivityOn']], ['Renamed loft', stamp()]);
    assert.deepEqual((await get(`/listings/${listingId}`)).body['result'], updated);
    const theirs = (await list(`/reservations?listingId=${listingId}&limit=500`)).map(
      (r) => r['listingName'],
    );
    assert.ok(theirs.length > 0 && theirs.every((name) => name === 'Renamed loft'));
    await control('DELETE', `/accounts/${ACCOUNT}/listings/${listingId}`);
    assert.equal((await get(`/listings/${listingId}`)).status, 404);
    assert.equal((await get('/listings')).body['count'], 9);
    assert.equal(
      (await control('POST', `/accounts/${ACCOUNT}/listings/${listingId}/update`, {})).status,
      404,
    );
  });
});
