import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { insertAccount } from '../src/db/accounts/accounts-repo.js';
import { createDatabase, type Database } from '../src/db/database.js';
import { saveWebhookCredentials } from '../src/db/webhooks/webhook-accounts-repo.js';
import { createHostawayClient } from '../src/hostaway/client.js';
import { createSilentLogger } from '../src/logger.js';
import { createSimulator } from '../src/simulator/index.js';
import { hashWebhookPassword } from '../src/webhook/password-hash.js';
import { createWebhookServer } from '../src/webhook/server.js';
import { createBenchDatabase, round, walBytesOf } from './harness.js';

export interface WebhookBenchOptions {
  connections: number;
  /** Measured time per case, after a warm-up of a fifth of it. */
  durationMs: number;
  /** Distinct reservations the load posts, round robin. */
  payloads: number;
  /** Stored bodies posted again after the load. */
  redeliveries: number;
}

export type WebhookBenchFigures = Awaited<ReturnType<typeof benchWebhook>>;

const ACCOUNT = 10001;
const AUTH = `Basic ${Buffer.from('bench:bench-password').toString('base64')}`;

// The load generator runs in a worker thread (its own event loop and core): keep-alive connections, each
// sending the next request as soon as the previous answer arrived. Every request carries a reservation
// with a fresh updatedOn, so every request is a real write.
const LOAD_GENERATOR = `
const { parentPort, workerData: w } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: w.connections });
const target = new URL(w.url);
const pad = (n) => String(n).padStart(2, '0');
const stamp = (seq) => { const d = new Date(Date.UTC(2030, 0, 1) + seq * 1000);
  return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' +
    pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds()); };
let seq = 0;
const send = () => new Promise((resolve) => {
  const n = seq++;
  const [head, tail] = w.bodies[n % w.bodies.length];
  const body = head + stamp(n) + tail;
  const started = process.hrtime.bigint();
  const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: w.auth } },
    (res) => { res.resume(); res.on('end', () => resolve([res.statusCode, process.hrtime.bigint() - started])); });
  req.on('error', () => resolve([0, process.hrtime.bigint() - started]));
  req.end(body);
});
(async () => {
  const warmUntil = Date.now() + w.warmupMs, until = warmUntil + w.durationMs;
  const latencies = []; let failures = 0;
  await Promise.all(Array.from({ length: w.connections }, async () => {
    while (Date.now() < until) {
      const [status, ns] = await send();
      if (Date.now() <= warmUntil) continue;
      latencies.push(Number(ns) / 1e6);
      if (status !== 200) failures += 1;
    }
  }));
  agent.destroy();
  parentPort.postMessage({ latencies, failures });
})();
`;

async function runLoad(url: string, bodies: [string, string][], o: WebhookBenchOptions) {
  const worker = new Worker(LOAD_GENERATOR, {
    eval: true,
    workerData: {
      url,
      bodies,
      auth: AUTH,
      connections: o.connections,
      durationMs: o.durationMs,
      warmupMs: o.durationMs / 5,
    },
  });
  const m = await new Promise<{ latencies: number[]; failures: number }>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', resolve);
  });
  void worker.terminate();
  const sorted = Float64Array.from(m.latencies).sort();
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0, 2);
  return {
    requestsPerSecond: round(sorted.length / (o.durationMs / 1000)),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: round(sorted.at(-1) ?? 0, 2),
    requests: sorted.length,
    // Answers other than 200, and network errors.
    failures: m.failures,
  };
}

async function listen(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer({ keepAliveTimeout: 5_000 }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/hostaway`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const readBody = (req: http.IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString()));
  });

/** The naive listener: parse, one INSERT … ON CONFLICT per request, answer. */
function naiveHandler(db: Database, customerId: string): http.RequestListener {
  return (req, res) => {
    void readBody(req).then(async (text) => {
      const data = (JSON.parse(text) as { data: { id: number; listingMapId: number } }).data;
      await db.query(
        `INSERT INTO hostaway.reservations (account_id, id, customer_id, listing_id, raw_payload)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_id, id) DO UPDATE
         SET listing_id = excluded.listing_id, raw_payload = excluded.raw_payload, updated_at = now()`,
        [ACCOUNT, data.id, customerId, data.listingMapId, JSON.stringify(data)],
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
  };
}

/**
 * A fresh database with the two pools the servers use (10 connections each, like the naive server's);
 * on BENCH_DATABASE_URL / TEST_DATABASE_URL's server, else an embedded PGlite shared by both.
 */
async function openDatabases() {
  const bench = await createBenchDatabase('server', 10);
  const naive = bench.url ? await createDatabase({ url: bench.url, poolSize: 10 }) : bench.db;
  return {
    kind: bench.kind,
    listener: bench.db,
    naive,
    async drop() {
      if (naive !== bench.db) await naive.close();
      await bench.drop();
    },
  };
}

/** Webhook bodies of real simulator reservations, split around updatedOn (filled per request). */
function bodies(count: number): [string, string][] {
  const simulator = createSimulator({ seed: 1, accounts: 1, listings: 20, reservations: count });
  return simulator.listReservations(ACCOUNT).map((r) => {
    const json = JSON.stringify({
      object: 'reservation',
      event: 'reservation.updated',
      accountId: ACCOUNT,
      data: { ...r, updatedOn: '@@UPDATED_ON@@' },
    });
    const [head, tail] = json.split('@@UPDATED_ON@@') as [string, string];
    return [head, tail];
  });
}

/** requests/s and latency of the bare server, the naive upserting server and the listener, one run. */
export async function benchWebhook(o: WebhookBenchOptions) {
  const payloads = bodies(o.payloads);
  const dbs = await openDatabases();
  const customerId = randomUUID();
  await insertAccount(dbs.listener, { accountId: ACCOUNT, customerId, clientSecret: 'unused' });
  const passwordHash = await hashWebhookPassword('bench-password');
  await saveWebhookCredentials(dbs.listener, ACCOUNT, { login: 'bench', passwordHash });
  try {
    const bare = await listen((req, res) => void readBody(req).then(() => res.writeHead(200).end('{}')));
    const bareFigures = await runLoad(bare.url, payloads, o).finally(() => bare.close());

    const naive = await listen(naiveHandler(dbs.naive, customerId));
    const naiveFigures = await runLoad(naive.url, payloads, o).finally(() => naive.close());
    await dbs.listener.query('TRUNCATE hostaway.reservations');

    const listenerFigures = await runListener(dbs.listener, payloads, o);
    const count = async (table: string) =>
      Number(
        (await dbs.listener.query<{ n: number }>(`SELECT count(*) AS n FROM hostaway.${table}`)).rows[0]!.n,
      );
    return {
      database: dbs.kind,
      connections: o.connections,
      seconds: o.durationMs / 1000,
      payloadBytes: round(
        payloads.reduce((sum, [h, t]) => sum + h.length + t.length + 19, 0) / payloads.length,
      ),
      // node:http reading the body and answering 200: the ceiling.
      bare: bareFigures,
      // One single-row upsert per request through a pool of 10 connections, no inbox, no auth.
      naive: naiveFigures,
      // The listener: Basic auth, inbox row + newer-than upsert per event, group commit.
      listener: {
        ...listenerFigures,
        inboxRows: await count('webhook_events'),
        reservationsStored: await count('reservations'),
      },
    };
  } finally {
    await dbs.drop();
  }
}

/** The real listener (worker running, as in production) under the same load. */
async function runListener(db: Database, payloads: [string, string][], o: WebhookBenchOptions) {
  const logger = createSilentLogger();
  const client = createHostawayClient({
    baseUrl: 'http://127.0.0.1:9/v1',
    rateLimit: { perIp: 15, perAccount: 20, windowMs: 10_000 },
    http: { timeoutMs: 1000, maxRetries: 0, retryBaseMs: 100, rateLimitBackoffMs: 1000 },
    tokenActivationMs: 0,
    logger,
    userAgent: 'hostaway-sync-bench',
  });
  const server = createWebhookServer({ db, logger, client });
  const { port } = await server.listen(0, '127.0.0.1');
  try {
    const url = `http://127.0.0.1:${port}/webhooks/hostaway`;
    const figures = await runLoad(url, payloads, o);
    const redelivery = await measureRedeliveries(db, url, o.redeliveries);
    const metrics = (await server.app.metrics.render()).body;
    const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? 0);
    const batches = metric('hostaway_webhook_inbox_batch_size_count');
    return {
      ...figures,
      meanBatch: round(metric('hostaway_webhook_inbox_batch_size_sum') / Math.max(1, batches), 1),
      redelivery,
    };
  } finally {
    await server.close();
    client.close();
  }
}

/**
 * Posts stored reservations twice, as Hostaway's duplicate deliveries would, and measures the WAL of the
 * second round only (the first stores the bodies, byte for byte as they will be re-delivered).
 */
async function measureRedeliveries(db: Database, url: string, count: number) {
  const { rows } = await db.query<{ body: string }>(
    'SELECT payload::text AS body FROM hostaway.webhook_events ORDER BY id DESC LIMIT $1',
    [count],
  );
  const post = async (body: string) => {
    const answer = await fetch(url, {
      method: 'POST',
      headers: { authorization: AUTH, 'content-type': 'application/json' },
      body,
    });
    return ((await answer.json()) as { outcome?: string }).outcome;
  };
  for (const { body } of rows) await post(body);
  let duplicates = 0;
  const redeliver = async () => {
    for (const { body } of rows) if ((await post(body)) === 'duplicate') duplicates += 1;
  };
  // PGlite has no WAL position to read: there the re-deliveries are only checked.
  const walBytes = db.kind === 'postgres' ? await walBytesOf(db, redeliver) : await redeliver();
  const walBytesPerDelivery = walBytes === undefined ? null : round(walBytes / Math.max(1, rows.length), 1);
  // duplicates: answered with the stored event; WAL: server-wide position (nothing else runs), null on PGlite.
  return { posted: rows.length, duplicates, walBytesPerDelivery };
}
