/**
 * The webhook-first fleet: N accounts in webhook mode over a few egress pools, each pool's CronJob running
 * `sync incremental --due`, the simulator changing reservations and sending guest messages and delivering
 * their webhooks (with `lossRate` lost for good) to a `webhook serve` process. Time is compressed by one
 * factor: Hostaway's window, the incremental cadence, the safety-net cadence and the change rate; webhook
 * delivery and the listener are not (they run at their own speed). Measures, per change, when the mirror
 * stored it; requests per account; the fleet's webhook coverage; database busy connections.
 */
import { createServer } from 'node:net';
import type { Queryable } from '../src/db/database.js';
import { saveWebhookCredentials } from '../src/db/webhooks/webhook-accounts-repo.js';
import { createHostawayClient } from '../src/hostaway/client.js';
import { createUnifiedWebhook } from '../src/hostaway/unified-webhooks.js';
import { createSilentLogger } from '../src/logger.js';
import { getStatusReport } from '../src/sync/status.js';
import { hashWebhookPassword } from '../src/webhook/password-hash.js';
import { assertCliBuilt, startCli } from './cli-process.js';
import { startFleet, sumJobs } from './fleet.js';
import { runCronJob } from './fleet-workers.js';
import { round } from './harness.js';
import { readStats } from './simulator-process.js';
import {
  deliveredChanges,
  driveChanges,
  readAccountObjects,
  watchMirror,
  type Change,
} from './webhook-first-changes.js';

const HOSTAWAY_WINDOW_SECONDS = 10;
const DAY_SECONDS = 86_400;

export interface WebhookFirstOptions {
  accounts: number;
  pools: number;
  size: { listings: number; reservations: number; conversations: number };
  /** Real time runs this many times faster than the time it stands for. */
  compression: number;
  /** Uncompressed: the incremental cadence and the safety-net cadence (HOSTAWAY_WEBHOOK_POLL_SECONDS). */
  cadenceSeconds: number;
  safetyNetSeconds: number;
  /** Uncompressed: listings of a webhook-mode account (HOSTAWAY_WEBHOOK_LISTINGS_POLL_SECONDS; 0 every run). */
  listingsPollSeconds: number;
  /** Uncompressed, per account: reservation updates and guest messages per hour. */
  reservationChangesPerHour: number;
  guestMessagesPerHour: number;
  lossRate: number;
  /** Real seconds of changes, then real seconds for the last lost ones to be found. */
  changeSeconds: number;
  drainSeconds: number;
}

export interface LatencyFigures {
  changes: number;
  /** Real seconds from the change to the mirror row; null when nothing was measured. */
  p50: number | null;
  p99: number | null;
  max: number | null;
  /** Changes never stored before the end. */
  notStored: number;
}

export interface WebhookFirstFigures {
  options: WebhookFirstOptions;
  delivered: LatencyFigures;
  lost: LatencyFigures;
  /** Changes stored within 5 uncompressed minutes (delivered: real seconds; lost: real seconds × compression). */
  withinFiveMinutes: number;
  /** Account runs per account per day (the cadence asks for 86,400 ÷ cadenceSeconds). */
  runsPerAccountPerDay: number;
  requestsPerAccountPerDay: number;
  /** The same by endpoint (webhook deliveries are not requests to Hostaway). */
  requestsPerAccountPerDayByEndpoint: Record<string, number>;
  coverage: { webhookFirst: number; pollFirst: number; ratio: number | null };
  accountsInWebhookModeAtEnd: number;
  /** PostgreSQL: connections busy on average (active time ÷ wall time) and at most (sampled), this run. */
  busyConnections: { mean: number; peak: number };
  responses429: number;
  failedProcesses: number;
}

export async function benchWebhookFirst(
  serverUrl: string,
  options: WebhookFirstOptions,
): Promise<WebhookFirstFigures> {
  assertCliBuilt();
  const k = options.compression;
  const windowMs = Math.round((HOSTAWAY_WINDOW_SECONDS * 1000) / k);
  const fleet = await startFleet(serverUrl, {
    seed: 91,
    accounts: options.accounts,
    size: options.size,
    windowMs,
    perPool: Math.ceil(options.accounts / options.pools),
    webhookDelivery: { lossRate: options.lossRate },
  });
  const { sim, database, monitor } = fleet;
  const port = await freePort();
  const listener = startCli(['webhook', 'serve'], {
    ...fleet.env,
    WEBHOOK_HOST: '127.0.0.1',
    WEBHOOK_PORT: String(port),
  });
  try {
    await createHooks(sim.baseUrl, sim.accounts, `http://127.0.0.1:${port}/webhooks/hostaway`, windowMs);
    let workersUntil = Infinity;
    const jobs = Array.from({ length: options.pools }, (_, pool) =>
      runCronJob({
        env: {
          ...fleet.poolEnv(pool, Math.round(options.cadenceSeconds / k)),
          HOSTAWAY_WEBHOOK_POLL_SECONDS: String(Math.round(options.safetyNetSeconds / k)),
          HOSTAWAY_WEBHOOK_LISTINGS_POLL_SECONDS: String(Math.round(options.listingsPollSeconds / k)),
        },
        tickMs: (60 / k) * 1000,
        maxDurationSeconds: Math.max(4, Math.round(240 / k)),
        concurrency: 4,
        until: () => workersUntil,
      }),
    );
    await firstSyncs(database.db, options.accounts);
    // Webhooks on: the listener accepts the accounts' deliveries, and they start in webhook mode.
    const passwordHash = await hashWebhookPassword('bench-password');
    for (const { accountId } of sim.accounts)
      await saveWebhookCredentials(database.db, accountId, { login: `hook-${accountId}`, passwordHash });
    await database.db.query(
      `UPDATE hostaway.accounts SET webhook_mode = 'webhook', webhook_mode_reason = 'set by the bench',
         webhook_mode_since = now()`,
    );
    const objects = await readAccountObjects(database.db);
    const watcher = watchMirror(database.db);
    await sim.reset();
    const runsBefore = await countRuns(database.db);
    const activeBefore = await activeMs(monitor, database.name);
    const started = performance.now();
    let peak = 0;
    const sampling = setInterval(() => {
      void busyNow(monitor, database.name).then((n) => (peak = Math.max(peak, n)));
    }, 500);
    const perAccountPerSecond =
      ((options.reservationChangesPerHour + options.guestMessagesPerHour) * k) / 3600;
    const changes = await driveChanges({
      baseUrl: sim.baseUrl,
      accounts: objects,
      perSecond: perAccountPerSecond * options.accounts,
      messageShare:
        options.guestMessagesPerHour / (options.guestMessagesPerHour + options.reservationChangesPerHour),
      until: started + options.changeSeconds * 1000,
    });
    const changeWindowSeconds = (performance.now() - started) / 1000;
    const report = await sim.report();
    const { byEndpoint } = await readStats(sim.baseUrl);
    const runs = (await countRuns(database.db)) - runsBefore;
    const activeAfter = await activeMs(monitor, database.name);
    await new Promise((resolve) => setTimeout(resolve, options.drainSeconds * 1000));
    clearInterval(sampling);
    workersUntil = 0;
    const jobFigures = sumJobs(await Promise.all(jobs));
    await watcher.stop();
    const delivered = await deliveredChanges(database.db);
    const status = await getStatusReport(database.db);
    const requests = Object.values(report.requestsPerAccount).reduce((a, b) => a + b, 0);
    const perAccountPerDay = (n: number) =>
      round((n / options.accounts / changeWindowSeconds) * (DAY_SECONDS / k), 0);
    const latency = splitLatencies(changes, watcher.storedAt, delivered);
    return {
      options,
      delivered: summarise(latency.delivered),
      lost: summarise(latency.lost),
      withinFiveMinutes: round(
        (latency.delivered.filter((s) => s !== null && s <= 300).length +
          latency.lost.filter((s) => s !== null && s * k <= 300).length) /
          Math.max(1, changes.length),
        4,
      ),
      runsPerAccountPerDay: perAccountPerDay(runs),
      requestsPerAccountPerDay: perAccountPerDay(requests),
      requestsPerAccountPerDayByEndpoint: Object.fromEntries(
        Object.entries(byEndpoint)
          .map(([endpoint, n]) => [endpoint, perAccountPerDay(n)] as const)
          .filter(([, n]) => n > 0)
          .sort((a, b) => b[1] - a[1]),
      ),
      coverage: status.webhookCoverage,
      accountsInWebhookModeAtEnd: status.accounts.filter((a) => a.webhookMode.mode === 'webhook').length,
      busyConnections: {
        mean: round((activeAfter - activeBefore) / 1000 / changeWindowSeconds, 3),
        peak,
      },
      responses429: report.responses429,
      failedProcesses: jobFigures.failedProcesses,
    };
  } finally {
    process.kill(listener.pid, 'SIGTERM');
    await listener.done;
    await fleet.stop();
  }
}

/**
 * Latency of each change, split by whether its webhook was delivered. A reservation version the mirror
 * never held was superseded before it got there: it counts as stored with the first later version stored.
 */
function splitLatencies(changes: Change[], storedAt: Map<string, number>, delivered: Set<string>) {
  const versions = new Map<string, { version: string; at: number }[]>();
  for (const [key, at] of storedAt) {
    const colon = key.indexOf(':');
    if (colon < 0) continue;
    const list = versions.get(key.slice(0, colon)) ?? [];
    list.push({ version: key.slice(colon + 1), at });
    versions.set(key.slice(0, colon), list);
  }
  const firstStored = (key: string) => {
    const exact = storedAt.get(key);
    const colon = key.indexOf(':');
    if (exact !== undefined || colon < 0) return exact;
    const later = (versions.get(key.slice(0, colon)) ?? []).filter((v) => v.version > key.slice(colon + 1));
    return later.length === 0 ? undefined : Math.min(...later.map((v) => v.at));
  };
  const split = { delivered: [] as (number | null)[], lost: [] as (number | null)[] };
  for (const change of changes) {
    const key = `${change.accountId}/${change.key}`;
    const at = firstStored(key);
    const seconds = at === undefined ? null : Math.max(0, (at - change.at) / 1000);
    (delivered.has(key) ? split.delivered : split.lost).push(seconds);
  }
  return split;
}

function summarise(latencies: (number | null)[]): LatencyFigures {
  const stored = latencies.filter((s): s is number => s !== null).sort((a, b) => a - b);
  const at = (q: number) =>
    stored.length === 0
      ? null
      : round(stored[Math.min(stored.length - 1, Math.floor(q * stored.length))]!, 2);
  return {
    changes: latencies.length,
    p50: at(0.5),
    p99: at(0.99),
    max: stored.length === 0 ? null : round(stored.at(-1)!, 2),
    notStored: latencies.length - stored.length,
  };
}

/** One unified webhook per account in the simulator, pointing at the listener (before the CronJobs start). */
async function createHooks(
  baseUrl: string,
  accounts: readonly { accountId: number; clientSecret: string }[],
  url: string,
  windowMs: number,
): Promise<void> {
  const client = createHostawayClient({
    baseUrl,
    rateLimit: { perIp: 14, perAccount: 20, windowMs },
    http: { timeoutMs: 10_000, maxRetries: 5, retryBaseMs: 50, rateLimitBackoffMs: windowMs },
    tokenActivationMs: 0,
    logger: createSilentLogger(),
    userAgent: 'hostaway-sync-bench',
  });
  try {
    for (const account of accounts)
      await createUnifiedWebhook(client.forAccount(account), {
        url,
        login: `hook-${account.accountId}`,
        password: 'bench-password',
      });
  } finally {
    client.close();
  }
}

/** Waits until every account's reservations and threads have synced once. */
async function firstSyncs(db: Queryable, accounts: number): Promise<void> {
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM hostaway.sync_state
       WHERE resource IN ('reservations', 'threads') AND last_incremental_success_at IS NOT NULL`,
    );
    if (rows[0]!.n >= accounts * 2) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function countRuns(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM hostaway.sync_runs');
  return rows[0]!.n;
}

async function activeMs(monitor: Queryable, name: string): Promise<number> {
  const { rows } = await monitor.query<{ ms: number }>(
    'SELECT active_time AS ms FROM pg_stat_database WHERE datname = $1',
    [name],
  );
  return Number(rows[0]?.ms ?? 0);
}

async function busyNow(monitor: Queryable, name: string): Promise<number> {
  const { rows } = await monitor.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state <> 'idle'`,
    [name],
  );
  return Number(rows[0]?.n ?? 0);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
