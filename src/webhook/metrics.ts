import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolStatus } from '../db/rate-budget/pool-status.js';
import type { UnavailableResource } from '../db/runs/sync-state-repo.js';
import type { ThreadFailureCounts } from '../db/threads/thread-failures-repo.js';
import type { WebhookBacklog } from '../db/webhooks/webhook-events-query.js';

export interface WebhookMetrics {
  /** One answered HTTP request: its route (webhook, health, ready, metrics, other) and status code. */
  observeRequest(route: string, status: number, seconds: number): void;
  /** An event stored in the inbox. */
  received(event: string): void;
  ignored(reason: string): void;
  authFailed(): void;
  /** A failed login answered 429 because its client had failed too often already. */
  authThrottled(): void;
  applied(event: string, outcome: string): void;
  /** An attempt that failed and will be retried. */
  retried(event: string): void;
  /** An event given up as failed (replay it). */
  failed(event: string): void;
  batch(size: number): void;
  render(): Promise<{ contentType: string; body: string }>;
}

const PREFIX = 'hostaway_webhook_';

type Registers = Registry[];

function defineCounters(registers: Registers) {
  const counter = (name: string, help: string, labelNames: string[] = []) =>
    new Counter({ name: `${PREFIX}${name}`, help, labelNames, registers });
  return {
    requests: counter('requests_total', 'HTTP requests answered, by route and status code', [
      'route',
      'code',
    ]),
    received: counter('events_received_total', 'Events stored in the inbox, by event', ['event']),
    ignored: counter('events_ignored_total', 'Deliveries answered 200 and not stored, by reason', ['reason']),
    applied: counter('events_applied_total', 'Events applied, by event and outcome', ['event', 'outcome']),
    retried: counter('events_retried_total', 'Failed attempts that will be retried, by event', ['event']),
    failed: counter('events_failed_total', 'Events given up as failed, by event', ['event']),
    authFailures: counter('auth_failures_total', 'Deliveries answered 401'),
    authThrottled: counter(
      'auth_throttled_total',
      'Failed logins answered 429: the client had too many failed logins already',
    ),
  };
}

function defineHistograms(registers: Registers) {
  return {
    duration: new Histogram({
      name: `${PREFIX}request_duration_seconds`,
      help: 'Time from the request arriving to the answer being sent',
      labelNames: ['route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    batchSize: new Histogram({
      name: `${PREFIX}inbox_batch_size`,
      help: 'Events written per inbox write (group commit)',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200],
      registers,
    }),
  };
}

/** The backlog gauges, filled at scrape time by one shared query (prom-client collects concurrently). */
function defineBacklogGauges(registers: Registers, query: (() => Promise<WebhookBacklog>) | undefined) {
  let sample: { at: number; counts: Promise<WebhookBacklog | undefined> } | undefined;
  const backlog = () => {
    if (sample === undefined || Date.now() - sample.at > 500)
      sample = { at: Date.now(), counts: query?.().catch(() => undefined) ?? Promise.resolve(undefined) };
    return sample.counts;
  };
  new Gauge({
    name: `${PREFIX}inbox_backlog`,
    help: 'Inbox events not applied, by status (pending: will be retried; failed: needs a replay)',
    labelNames: ['status'],
    registers,
    async collect() {
      const counts = await backlog();
      if (counts === undefined) return;
      this.set({ status: 'pending' }, counts.pending);
      this.set({ status: 'failed' }, counts.failed);
    },
  });
  new Gauge({
    name: `${PREFIX}inbox_oldest_pending_seconds`,
    help: 'Age of the oldest pending inbox event (0 when none)',
    registers,
    async collect() {
      const counts = await backlog();
      if (counts === undefined) return;
      this.set(counts.oldestPendingAt ? (Date.now() - counts.oldestPendingAt.getTime()) / 1000 : 0);
    },
  });
}

/** A query shared by the gauges of one scrape (prom-client collects them concurrently). */
function sampled<T>(query: () => Promise<T>): () => Promise<T | undefined> {
  let sample: { at: number; value: Promise<T | undefined> } | undefined;
  return () => {
    if (sample === undefined || Date.now() - sample.at > 500)
      sample = { at: Date.now(), value: query().catch(() => undefined) };
    return sample.value;
  };
}

/** The egress pools' shared rate budget, read from the database at scrape time (the same for every replica). */
function defineRateBudgetMetrics(registers: Registers, query: () => Promise<PoolStatus[]>) {
  const pools = sampled(query);
  const gauge = (name: string, help: string, value: (pool: PoolStatus) => number) =>
    new Gauge({
      name: `hostaway_rate_budget_${name}`,
      help,
      labelNames: ['pool'],
      registers,
      async collect() {
        for (const pool of (await pools()) ?? []) this.set({ pool: pool.pool }, value(pool));
      },
    });
  gauge('limit', 'Requests per window the egress pool may send', (p) => p.limit);
  gauge('used', 'Requests per window the leases count against the pool now', (p) => p.used);
  gauge('leased', 'Requests per window leased to live processes of the pool', (p) => p.leased);
  gauge('paused_seconds', 'Seconds until the pause after a 429 ends (0: not paused)', (p) =>
    p.pausedUntil ? Math.max(0, (p.pausedUntil.getTime() - Date.now()) / 1000) : 0,
  );
  new Gauge({
    name: 'hostaway_rate_budget_waiting',
    help: 'Processes waiting for a share of the pool, by priority (interactive includes webhooks)',
    labelNames: ['pool', 'priority'],
    registers,
    async collect() {
      for (const pool of (await pools()) ?? [])
        for (const [priority, n] of Object.entries(pool.waiting)) this.set({ pool: pool.pool, priority }, n);
    },
  });
  // Lifetime counters kept in the database: every replica reports the same value (use max()).
  const counter = (name: string, help: string, value: (pool: PoolStatus) => number) =>
    new Counter({
      name: `hostaway_rate_budget_${name}_total`,
      help,
      labelNames: ['pool'],
      registers,
      async collect() {
        const rows = await pools();
        if (rows === undefined) return;
        this.reset();
        for (const pool of rows) this.inc({ pool: pool.pool }, value(pool));
      },
    });
  counter('granted', 'Slots the pool granted, every process together', (p) => p.granted);
  counter('rate_limited', 'Requests of the pool Hostaway answered 429', (p) => p.rateLimited);
}

/** The resources accounts cannot use, read from the database at scrape time (1 per account and resource). */
function defineUnavailableGauge(registers: Registers, query: () => Promise<UnavailableResource[]>) {
  const unavailable = sampled(query);
  new Gauge({
    name: 'hostaway_resource_unavailable',
    help: 'Optional resources an account cannot use (403 with a fresh token, 404 on the list): skipped, re-probed',
    labelNames: ['account', 'resource'],
    registers,
    async collect() {
      const rows = await unavailable();
      if (rows === undefined) return;
      this.reset();
      for (const row of rows) this.set({ account: String(row.accountId), resource: row.resource }, 1);
    },
  });
}

/** Message threads given up per account (their failing version is no longer retried by incremental runs). */
function defineThreadGauges(registers: Registers, query: () => Promise<Map<number, ThreadFailureCounts>>) {
  const failures = sampled(query);
  new Gauge({
    name: 'hostaway_threads_given_up',
    help: 'Message threads given up after failing in a row, by account (retried when they change, by reconcile and full)',
    labelNames: ['account'],
    registers,
    async collect() {
      const counts = await failures();
      if (counts === undefined) return;
      this.reset();
      for (const [accountId, c] of counts) this.set({ account: String(accountId) }, c.givenUp);
    },
  });
}

/**
 * Prometheus metrics of one listener, in their own registry (tests run several listeners in one process).
 * The backlog gauges query the inbox at scrape time; they describe the whole database, so with several
 * replicas aggregate them with max(), not sum().
 */
export function createWebhookMetrics(
  options: {
    backlog?: () => Promise<WebhookBacklog>;
    /** The shared rate budget's pools (server databases; the embedded one keeps no shared budget). */
    rateBudget?: () => Promise<PoolStatus[]>;
    /** Resources accounts cannot use (every database). */
    unavailable?: () => Promise<UnavailableResource[]>;
    /** Failed message threads per account. */
    threadFailures?: () => Promise<Map<number, ThreadFailureCounts>>;
  } = {},
): WebhookMetrics {
  const registry = new Registry();
  // The standard process_* and nodejs_* series (CPU, memory, event-loop lag, GC).
  collectDefaultMetrics({ register: registry });
  const c = defineCounters([registry]);
  const h = defineHistograms([registry]);
  defineBacklogGauges([registry], options.backlog);
  if (options.rateBudget) defineRateBudgetMetrics([registry], options.rateBudget);
  if (options.unavailable) defineUnavailableGauge([registry], options.unavailable);
  if (options.threadFailures) defineThreadGauges([registry], options.threadFailures);
  return {
    observeRequest(route, status, seconds) {
      c.requests.inc({ route, code: String(status) });
      h.duration.observe({ route }, seconds);
    },
    received: (event) => c.received.inc({ event }),
    ignored: (reason) => c.ignored.inc({ reason }),
    authFailed: () => c.authFailures.inc(),
    authThrottled: () => c.authThrottled.inc(),
    applied: (event, outcome) => c.applied.inc({ event, outcome }),
    retried: (event) => c.retried.inc({ event }),
    failed: (event) => c.failed.inc({ event }),
    batch: (size) => h.batchSize.observe(size),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
