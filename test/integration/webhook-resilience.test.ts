import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { insertAccount } from '../../src/db/accounts/accounts-repo.js';
import { createDatabase, type Database, type Queryable } from '../../src/db/database.js';
import { routeStatements } from '../../src/db/drivers/orm.js';
import { DatabaseUnavailableError } from '../../src/errors.js';
import type { HostawayClient } from '../../src/hostaway/client.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../helpers/database.js';
import { createTestClient } from '../helpers/hostaway.js';
import { basic, inboxRows, metricValue, startWebhookServer } from '../helpers/webhook.js';
import { sleep } from '../helpers/sleep.js';

const ACCOUNT = 31337;
const auth = basic('g', 'g-pw');
const globalCredentials = { login: 'g', password: 'g-pw' };
const event = (id: number, updatedOn = '2030-01-01 00:00:00', extra: Record<string, unknown> = {}) => ({
  event: 'reservation.updated',
  accountId: ACCOUNT,
  data: { id, listingMapId: 1, updatedOn, ...extra },
});

/** The database as the listener sees it, with a switch that makes every call fail like an outage. */
function controllable(db: Database) {
  const state = { down: false, delayMs: 0 };
  const gate = async () => {
    if (state.delayMs > 0) await sleep(state.delayMs);
    if (state.down) throw new DatabaseUnavailableError('cannot use the database: connection refused (test)');
  };
  const wrap = (q: Queryable): Queryable => ({
    query: async (text, params) => (await gate(), q.query(text, params)),
    orm: routeStatements(q.orm, async (statement) => (await gate(), statement())),
  });
  const wrapped: Database = {
    ...db,
    ...wrap(db),
    withSession: async (fn) => (await gate(), db.withSession((s) => fn(wrap(s)))),
    transaction: async (fn, options) => (await gate(), db.transaction((tx) => fn(wrap(tx)), options)),
  };
  return { db: wrapped, state };
}

/** A TCP proxy in front of PostgreSQL that can be stopped (every connection cut) and started again. */
async function startProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => undefined);
          s.on('close', () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await start();
  return {
    url: (database: string) => `postgres://${target.username || 'postgres'}@127.0.0.1:${port}/${database}`,
    start,
    async stop() {
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

describe('webhook listener under failure', () => {
  let t: TestDatabase;
  let client: HostawayClient;
  before(async () => {
    t = await createTestDatabase();
    await insertAccount(t.db, { accountId: ACCOUNT, customerId: randomUUID(), clientSecret: 'x' });
    client = createTestClient('http://127.0.0.1:9/v1');
  });
  after(async () => {
    client.close();
    await t.drop();
  });

  it('answers 503 while the database is down and stores the retried delivery once it is back', async () => {
    const { db, state } = controllable(t.db);
    const hook = await startWebhookServer(db, client, { globalCredentials });
    try {
      assert.equal((await hook.post(event(1), auth)).status, 200);
      state.down = true;
      const failed = await hook.post(event(2), auth);
      assert.equal(failed.status, 503);
      const ready = await fetch(`${hook.url}/ready`);
      assert.deepEqual(
        [ready.status, ((await ready.json()) as { status: string }).status],
        [503, 'database-unreachable'],
      );
      state.down = false;
      assert.equal((await hook.post(event(2), auth)).body.outcome, 'inserted');
      assert.deepEqual(
        (await inboxRows(t.db)).map((r) => r.status),
        ['applied', 'applied'],
      );
    } finally {
      await hook.server.close();
    }
    // A listener that starts during the outage cannot authenticate anyone yet: 503, not 401.
    state.down = true;
    const cold = await startWebhookServer(db, client, { globalCredentials });
    try {
      assert.equal((await cold.post(event(3), auth)).status, 503);
    } finally {
      await cold.server.close();
    }
  });

  it(
    'survives PostgreSQL connections being cut (pg pool behind a TCP proxy)',
    { skip: testServerUrl() === undefined && 'needs TEST_DATABASE_URL' },
    async () => {
      const proxy = await startProxy(new URL(t.url!));
      const db = await createDatabase({ url: proxy.url(new URL(t.url!).pathname.slice(1)), poolSize: 3 });
      const hook = await startWebhookServer(db, client, { globalCredentials });
      try {
        assert.equal((await hook.post(event(10), auth)).status, 200);
        await proxy.stop();
        assert.equal((await hook.post(event(11), auth)).status, 503);
        await proxy.start();
        assert.equal((await hook.post(event(11), auth)).body.outcome, 'inserted');
        const rows = await inboxRows(t.db);
        assert.equal(rows.filter((r) => r.status === 'applied').length, rows.length);
      } finally {
        await hook.server.close();
        await db.close();
        await proxy.stop();
      }
    },
  );

  it('groups concurrent deliveries into few transactions, and isolates a bad event', async () => {
    const { db, state } = controllable(t.db);
    const hook = await startWebhookServer(db, client, { globalCredentials, batching: { concurrency: 1 } });
    try {
      state.delayMs = 40;
      const before = (await inboxRows(t.db)).length;
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => hook.post(event(100 + i), auth)),
      );
      assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
      const text = await (await fetch(`${hook.url}/metrics`)).text();
      const batches = metricValue(text, 'hostaway_webhook_inbox_batch_size_count');
      assert.ok(batches <= 4, `20 concurrent deliveries took ${batches} transactions`);
      // PostgreSQL refuses \u0000 in jsonb: that event is refused alone (400, never stored: retrying it
      // cannot help), its neighbours are stored.
      const mixed = await Promise.all([
        hook.post(event(200), auth),
        hook.post(event(201, '2030-01-01 00:00:00', { note: 'nul \u0000 here' }), auth),
        hook.post(event(202), auth),
      ]);
      assert.deepEqual(
        mixed.map((a) => a.status),
        [200, 400, 200],
      );
      assert.equal((await inboxRows(t.db)).length, before + 22);
    } finally {
      state.delayMs = 0;
      await hook.server.close();
    }
  });

  it('finishes in-flight requests on close, then refuses connections', async () => {
    const { db, state } = controllable(t.db);
    const hook = await startWebhookServer(db, client, { globalCredentials, batching: { concurrency: 1 } });
    state.delayMs = 150;
    const before = (await inboxRows(t.db)).length;
    const inFlight = Array.from({ length: 5 }, (_, i) => hook.post(event(300 + i), auth));
    for (let i = 0; i < 200 && hook.server.inFlight < 5; i += 1) await sleep(10);
    assert.equal(hook.server.inFlight, 5);
    const started = Date.now();
    const ready = await hook.server.app.handle({
      method: 'GET',
      url: '/ready',
      headers: {},
      body: Buffer.alloc(0),
    });
    assert.equal(ready.status, 200);
    const closing = hook.server.close();
    const stopping = await hook.server.app.handle({
      method: 'GET',
      url: '/ready',
      headers: {},
      body: Buffer.alloc(0),
    });
    assert.deepEqual([stopping.status, JSON.parse(stopping.body).status], [503, 'stopping']);
    const answers = await Promise.all(inFlight);
    await closing;
    assert.ok(Date.now() - started < 3_000, 'bounded shutdown');
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200, 200, 200],
    );
    assert.equal((await inboxRows(t.db)).length, before + 5);
    await assert.rejects(fetch(`${hook.url}/health`));
  });

  it('cuts slow clients: headers or body not sent in time', async () => {
    const hook = await startWebhookServer(t.db, client, {
      globalCredentials,
      headersTimeoutMs: 300,
      requestTimeoutMs: 600,
    });
    const port = Number(new URL(hook.url).port);
    const trickle = (text: string) =>
      new Promise<{ answer: string; ms: number }>((resolve) => {
        const started = Date.now();
        let answer = '';
        const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('error', () => undefined);
        socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
      });
    try {
      const [headers, body] = await Promise.all([
        trickle('POST /webhooks/hostaway HTTP/1.1\r\nHost: x\r\n'),
        trickle('POST /webhooks/hostaway HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"event":'),
      ]);
      for (const result of [headers, body]) {
        assert.ok(result.ms < 3_000, `closed after ${result.ms} ms`);
        assert.match(result.answer, /^HTTP\/1\.1 408/);
      }
    } finally {
      await hook.server.close();
    }
  });

  it('/ready is 503 while the schema is behind or ahead of this build', async () => {
    const hook = await startWebhookServer(t.db, client, { readiness: { cacheMs: 0 } });
    const ready = async () => {
      const response = await fetch(`${hook.url}/ready`);
      return [response.status, ((await response.json()) as { status: string }).status];
    };
    const ledger = 'hostaway.schema_migrations';
    try {
      assert.deepEqual(await ready(), [200, 'ok']);
      const { rows } = await t.db.query<Record<string, unknown>>(
        `SELECT * FROM ${ledger} WHERE tag = '0001_webhooks'`,
      );
      await t.db.query(`DELETE FROM ${ledger} WHERE tag = '0001_webhooks'`);
      assert.deepEqual(await ready(), [503, 'needs-migration']);
      await t.db.query(
        `INSERT INTO ${ledger} SELECT * FROM jsonb_populate_record(NULL::${ledger}, $1::jsonb)`,
        [JSON.stringify(rows[0])],
      );
      await t.db.query(`INSERT INTO ${ledger} (tag, hash, created_at) VALUES ('9999_future', 'x', 0)`);
      assert.deepEqual(await ready(), [503, 'too-new']);
      await t.db.query(`DELETE FROM ${ledger} WHERE tag = '9999_future'`);
      assert.deepEqual(await ready(), [200, 'ok']);
    } finally {
      await hook.server.close();
    }
  });
});
