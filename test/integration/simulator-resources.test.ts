import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FURTHER_LISTS, isGenerated } from '../../src/simulator/further/lists.js';
import { createSimulator, type HostawayObject, type Simulator } from '../../src/simulator/index.js';

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

const NOW_MS = Date.parse('2026-03-15T12:00:00Z');
const DAY_MS = 86_400_000;
const A = 10001;

async function tokenFor(sim: Simulator): Promise<string> {
  const account = sim.accounts[0]!;
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: String(account.accountId),
    client_secret: account.clientSecret,
    scope: 'general',
  });
  const response = await fetch(`${sim.baseUrl}/accessTokens`, { method: 'POST', body: form });
  return ((await response.json()) as { access_token: string }).access_token;
}

function start(seed: number, now: () => number): Simulator {
  return createSimulator({
    seed,
    reservations: 150,
    rateLimit: { enabled: false },
    now: () => new Date(now()),
    resources: { expenses: 600, largeAttachmentBytes: 300_000 },
  });
}

const rows = (reply: Reply): HostawayObject[] => reply.body['result'] as HostawayObject[];
const ids = (list: HostawayObject[]): number[] => list.map((row) => row['id'] as number);

describe('simulator further resources', () => {
  let now = NOW_MS;
  const sim = start(7, () => now);
  let token = '';
  const get = async (path: string, auth = true): Promise<Reply> => {
    const headers: Record<string, string> = auth ? { authorization: `Bearer ${token}` } : {};
    const response = await fetch(`${sim.baseUrl}${path}`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const control = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const base = sim.baseUrl.replace(/\/v1$/, '');
    const response = await fetch(`${base}/_sim${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    await sim.listen();
    token = await tokenFor(sim);
  });
  after(() => sim.close());

  it('serves each endpoint with its documented envelope', async () => {
    for (const path of ['/reviews', '/guestPayments/charges']) {
      const reply = await get(`${path}?limit=3`);
      assert.equal(reply.status, 200, path);
      assert.deepEqual(Object.keys(reply.body), ['status', 'result', 'count', 'offset'], path);
      assert.equal(rows(reply).length, 3, path);
      assert.ok((reply.body['count'] as number) > 3, path);
    }
    const plain = [
      '/tasks',
      '/expenses',
      '/ownerStatements',
      '/users',
      '/userGroups',
      '/coupons',
      '/customFields',
    ];
    for (const path of [...plain, '/financeField/20000001', '/cancellationPolicies', '/messageTemplates']) {
      const reply = await get(path);
      assert.equal(reply.status, 200, path);
      assert.deepEqual(Object.keys(reply.body), ['status', 'result'], path);
      assert.ok(rows(reply).length > 0, path);
    }
    const statements = rows(await get('/ownerStatements'));
    assert.deepEqual(Object.keys(statements[0]!), ['id', 'statementName']);
    const detail = (await get(`/ownerStatement/${statements[0]!['id'] as number}`)).body[
      'result'
    ] as HostawayObject;
    assert.match(detail['insertedOn'] as string, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.match(detail['updatedOn'] as string, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const review = rows(await get('/reviews?limit=1'))[0]!;
    assert.deepEqual(Object.keys(review).slice(0, 4), ['id', 'accountId', 'listingMapId', 'reservationId']);
    assert.ok(review['isCancelled'] === 0 || review['isCancelled'] === 1);
    const countries = (await get('/countries')).body['result'] as Record<string, string>;
    assert.equal(countries['US'], 'United States');
    assert.ok(rows(await get('/amenities')).every((row) => typeof row['name'] === 'string'));
  });

  it('serves every row of the lists table as the row says: envelope, detail, filters, day ranges, deletion', async () => {
    const own = start(9, () => NOW_MS);
    await own.listen();
    const headers = { authorization: `Bearer ${await tokenFor(own)}` };
    const read = async (path: string): Promise<Reply> => {
      const response = await fetch(`${own.baseUrl}${path}`, { headers });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const envelope = (paging: string | undefined) =>
      paging === 'count' ? ['status', 'result', 'count', 'offset'] : ['status', 'result'];
    try {
      for (const list of FURTHER_LISTS) {
        const reply = await read(`${list.path}?limit=2`);
        assert.equal(reply.status, 200, list.path);
        assert.deepEqual(Object.keys(reply.body), envelope(list.paging), list.path);
        if (!isGenerated(list)) {
          assert.deepEqual(reply.body['result'], list.fixed, list.path);
          continue;
        }
        const all = own.listResourceObjects(A, list.name);
        assert.ok(all.length > 0, list.name);
        const whole = list.paging === undefined || list.paging === 'whole';
        assert.deepEqual(ids(rows(reply)), ids(all.slice(0, whole ? undefined : 2)), list.path);
        if (list.listedKeys !== undefined) assert.deepEqual(Object.keys(rows(reply)[0]!), list.listedKeys);
        const last = all.at(-1)!;
        for (const name of list.filters ?? []) {
          const filtered = rows(await read(`${list.path}?limit=500&${name}=${String(last[name])}`));
          const expected = all.filter((row) => row[name] === last[name]).slice(0, 500);
          assert.deepEqual(ids(filtered), ids(expected), `${list.path} ${name}`);
        }
        for (const range of list.dayRanges ?? []) {
          const dayOf = (row: HostawayObject) => String(row[range.field]).slice(0, 10);
          const day = dayOf(last);
          const within = (path: string, keep: (rowDay: string) => boolean) =>
            read(path).then((reply) =>
              assert.deepEqual(
                ids(rows(reply)),
                ids(all.filter((row) => keep(dayOf(row))).slice(0, 500)),
                path,
              ),
            );
          await within(`${list.path}?limit=500&${range.start}=${day}&${range.end}=${day}`, (d) => d === day);
          await within(`${list.path}?limit=500&${range.start}=${day}`, (d) => d >= day);
          await within(`${list.path}?limit=500&${range.end}=${day}`, (d) => d <= day);
          assert.equal((await read(`${list.path}?${range.start}=2026-02-30`)).status, 400, range.start);
        }
        const id = last['id'] as number;
        const detail = list.detailPath?.replace(':id', String(id));
        if (detail !== undefined) assert.deepEqual((await read(detail)).body['result'], last, detail);
        own.deleteResourceObject(A, list.name, id);
        const after = own.listResourceObjects(A, list.name).find((row) => row['id'] === id);
        if (list.deletion === undefined || list.deletion === 'removed') {
          assert.equal(after, undefined, list.name);
          if (detail !== undefined) assert.equal((await read(detail)).status, 404, detail);
        } else assert.equal(after?.[list.deletion], 1, list.name);
      }
    } finally {
      await own.close();
    }
  });

  it('pages with limit/offset, caps the limit silently and filters', async () => {
    const all = sim.listResourceObjects(A, 'reviews');
    const page = await get('/reviews?limit=5&offset=5');
    assert.deepEqual(ids(rows(page)), ids(all.slice(5, 10)));
    assert.equal(page.body['offset'], 5);
    assert.equal(page.body['count'], all.length);
    assert.equal(rows(await get('/expenses?limit=1000')).length, 500);
    assert.equal(rows(await get('/expenses?limit=1000&offset=500')).length, 100);
    const tasks: HostawayObject[] = [];
    for (let offset = 0; ; offset += 40) {
      const batch = rows(await get(`/tasks?limit=40&offset=${offset}`));
      tasks.push(...batch);
      if (batch.length < 40) break;
    }
    assert.deepEqual(ids(tasks), ids(sim.listResourceObjects(A, 'tasks')));
    const reservationId = all[0]!['reservationId'] as number;
    const filtered = rows(await get(`/reviews?reservationId=${reservationId}`));
    assert.ok(filtered.length > 0 && filtered.every((row) => row['reservationId'] === reservationId));
    const charges = rows(await get('/guestPayments/charges?limit=500'));
    const chargeReservation = charges[0]!['reservationId'] as number;
    const mine = rows(await get(`/guestPayments/charges?reservationId=${chargeReservation}`));
    assert.ok(mine.length > 0 && mine.length < charges.length);
  });

  it('answers 404 for unknown ids and 403 without a token', async () => {
    for (const path of [
      '/reviews/1',
      '/tasks/1',
      '/expenses/1',
      '/ownerStatement/1',
      '/financeField/1',
      '/guestPayments/charges/1',
      '/user/1',
      '/listingFeeSettings/1',
      '/listings/1/calendar',
    ]) {
      const reply = await get(path);
      assert.equal(reply.status, 404, path);
      assert.deepEqual(reply.body, { status: 'fail', message: 'Resource not found' }, path);
    }
    assert.equal((await get('/reviews', false)).status, 403);
    assert.ok((sim.stats.byEndpoint['GET /reviews'] ?? 0) > 0);
  });

  it('is deterministic from the seed', async () => {
    const twin = start(7, () => NOW_MS);
    const other = start(8, () => NOW_MS);
    const listing = sim.listListings(A)[0]!['id'] as number;
    const snapshot = (s: Simulator) =>
      JSON.stringify([
        s.listResourceObjects(A, 'reviews'),
        s.listResourceObjects(A, 'tasks'),
        s.listResourceObjects(A, 'expenses').slice(0, 50),
        s.listFinanceFields(A, 20000003),
        s.getCalendar(A, listing, '2026-03-01', '2026-04-30'),
      ]);
    assert.equal(snapshot(twin), snapshot(start(7, () => NOW_MS)));
    assert.notEqual(snapshot(twin), snapshot(other));
    assert.equal(
      JSON.stringify(rows(await get('/reviews?limit=500'))),
      JSON.stringify(twin.listResourceObjects(A, 'reviews')),
    );
  });

  it('soft-deletes expenses and finance fields, removes reviews and tasks', async () => {
    const expense = sim.listResourceObjects(A, 'expenses').find((row) => row['isDeleted'] === 0)!;
    now += 60_000;
    const deleted = await control('DELETE', `/accounts/${A}/expenses/${expense['id'] as number}`);
    assert.equal(deleted.body['isDeleted'], 1);
    const served = (await get(`/expenses/${expense['id'] as number}`)).body['result'] as HostawayObject;
    assert.equal(served['isDeleted'], 1);
    assert.notEqual(served['updatedOn'], expense['updatedOn']);
    assert.ok(ids(rows(await get('/expenses?limit=500'))).includes(expense['id'] as number));
    const field = sim.listFinanceFields(A, 20000002)[0]!;
    await control('DELETE', `/accounts/${A}/financeField/20000002/${field['id'] as number}`);
    const fields = rows(await get('/financeField/20000002'));
    assert.equal(fields.find((f) => f['id'] === field['id'])?.['isDeleted'], 1);
    const review = sim.listResourceObjects(A, 'reviews')[0]!;
    const cancelled = await control('POST', `/accounts/${A}/reviews/${review['id'] as number}/update`, {
      isCancelled: 1,
    });
    assert.equal(cancelled.body['isCancelled'], 1);
    assert.equal(
      ((await get(`/reviews/${review['id'] as number}`)).body['result'] as HostawayObject)['isCancelled'],
      1,
    );
    assert.equal(
      (await control('POST', `/accounts/${A}/reviews/${review['id'] as number}/update`, { nope: 1 })).status,
      400,
    );
    const task = sim.listResourceObjects(A, 'tasks')[0]!;
    assert.equal((await control('DELETE', `/accounts/${A}/tasks/${task['id'] as number}`)).status, 200);
    assert.equal((await get(`/tasks/${task['id'] as number}`)).status, 404);
  });

  it('serves calendar ranges consistent with reservations and overrides', async () => {
    const days = rows(await get('/listings/100001/calendar'));
    assert.equal(days.length, 365);
    assert.equal(days[0]!['date'], '2026-03-15');
    assert.equal(days[364]!['date'], '2027-03-14');
    const range = rows(await get('/listings/100001/calendar?startDate=2026-02-01&endDate=2026-02-10'));
    assert.deepEqual(range.map((d) => d['date']).slice(0, 2), ['2026-02-01', '2026-02-02']);
    assert.equal(range.length, 10);
    const stay = sim.listReservations(A).find((r) => r['status'] === 'new' || r['status'] === 'modified')!;
    const url = `/listings/${stay['listingMapId'] as number}/calendar?startDate=${stay['arrivalDate'] as string}&endDate=${stay['departureDate'] as string}&includeResources=1`;
    const stayDays = rows(await get(url));
    assert.equal(stayDays[0]!['status'], 'reserved');
    assert.equal(stayDays[0]!['isAvailable'], 0);
    assert.ok(ids(stayDays[0]!['reservations'] as HostawayObject[]).includes(stay['id'] as number));
    assert.ok(!ids(stayDays.at(-1)!['reservations'] as HostawayObject[]).includes(stay['id'] as number));
    await control('POST', `/accounts/${A}/listings/100001/calendar`, {
      startDate: '2026-02-03',
      endDate: '2026-02-04',
      price: 999,
      isAvailable: 0,
    });
    const changed = rows(await get('/listings/100001/calendar?startDate=2026-02-02&endDate=2026-02-04'));
    assert.deepEqual(changed.map((d) => d['price']).slice(1), [999, 999]);
    assert.deepEqual(changed.map((d) => d['status']).slice(1), ['blocked', 'blocked']);
    assert.notEqual(changed[0]!['price'], 999);
    assert.equal(
      (await get('/listings/100001/calendar?startDate=2026-02-10&endDate=2026-02-01')).status,
      400,
    );
    assert.equal((await get('/listings/100001/calendar?startDate=2026-13-01')).status, 400);
  });

  it('serves message attachments from signed URLs that expire', async () => {
    const convo = sim.listConversations(A)[0]!;
    const messages = rows(
      await get(`/conversations/${convo['id'] as number}/messages?includeScheduledMessages=1`),
    );
    const withFile = messages.filter((m) => m['attachments'] !== null);
    assert.ok(messages.some((m) => m['attachments'] === null));
    const requestsBefore = sim.stats.requests;
    const large = (withFile.at(-1)!['attachments'] as HostawayObject[])[0]!;
    assert.equal(large['isPublic'], 0);
    const download = await fetch(large['url'] as string);
    const bytes = Buffer.from(await download.arrayBuffer());
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/pdf');
    assert.equal(download.headers.get('content-length'), '300000');
    assert.equal(bytes.length, 300_000);
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const again = Buffer.from(await (await fetch(large['url'] as string)).arrayBuffer());
    assert.ok(again.equals(bytes));
    assert.equal(sim.stats.requests, requestsBefore);
    const forged = (large['url'] as string).replace(/signature=[0-9a-f]/, 'signature=x');
    assert.equal((await fetch(forged)).status, 403);
    now += 8 * DAY_MS;
    assert.equal((await fetch(large['url'] as string)).status, 410);
    const fresh = rows(
      await get(`/conversations/${convo['id'] as number}/messages?includeScheduledMessages=1`),
    );
    const renewed = (fresh.at(-1)!['attachments'] as HostawayObject[])[0]!;
    assert.notEqual(renewed['url'], large['url']);
    assert.equal((await fetch(renewed['url'] as string)).status, 200);
    await control('POST', `/accounts/${A}/attachments/expire`);
    assert.equal((await fetch(renewed['url'] as string)).status, 410);
  });

  it('adds attachments to messages', async () => {
    const convo = sim.listConversations(A)[1]!;
    const message = sim.listMessages(A, convo['id'] as number)[0]!;
    const path = `/accounts/${A}/conversations/${convo['id'] as number}/messages/${message['id'] as number}/attachments`;
    const added = await control('POST', path, { name: 'id-card.jpg', isPublic: 1, sizeBytes: 5000 });
    const item = (added.body['attachments'] as HostawayObject[]).at(-1)!;
    assert.deepEqual(Object.keys(item), [
      'id',
      'accountId',
      'listingMapId',
      'reservationId',
      'taskId',
      'conversationMessageId',
      'communicationId',
      'name',
      'url',
      'extension',
      'mimeType',
      'isImage',
      'isPublic',
    ]);
    assert.equal(item['mimeType'], 'image/jpeg');
    assert.equal(item['conversationMessageId'], message['id']);
    const served = (await get(`/conversations/${convo['id'] as number}/messages/${message['id'] as number}`))
      .body;
    assert.ok(
      ids((served['result'] as HostawayObject)['attachments'] as HostawayObject[]).includes(
        item['id'] as number,
      ),
    );
    const file = await fetch(item['url'] as string);
    assert.equal(file.status, 200);
    assert.equal((await file.arrayBuffer()).byteLength, 5000);
    await control('POST', '/attachments/expire');
    assert.equal((await fetch(item['url'] as string)).status, 200);
  });
});
