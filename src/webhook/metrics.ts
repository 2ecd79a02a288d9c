import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { WebhookBacklog } from '../db/webhooks/webhook-events-query.js';
import { defineFleetMetrics, perScrape, type FleetSources } from '../observability/fleet-metrics.js';

export type WebhookMetrics = ReturnType<typeof createWebhookMetrics>;

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
  const backlog = query ? perScrape(query) : async () => undefined;
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

/**
 * Prometheus metrics of one listener, in their own registry (tests run several listeners in one process).
 * The backlog gauges query the inbox at scrape time; they describe the whole database, so with several
 * replicas aggregate them with max(), not sum().
 */
export function createWebhookMetrics(
  options: {
    backlog?: () => Promise<WebhookBacklog>;
  } & FleetSources = {},
) {
  const registry = new Registry();
  // The standard process_* and nodejs_* series (CPU, memory, event-loop lag, GC).
  collectDefaultMetrics({ register: registry });
  const c = defineCounters([registry]);
  const h = defineHistograms([registry]);
  defineBacklogGauges([registry], options.backlog);
  defineFleetMetrics([registry], options);
  return {
    /** One answered HTTP request: its route (webhook, health, ready, metrics, other) and status code. */
    observeRequest(route: string, status: number, seconds: number) {
      c.requests.inc({ route, code: String(status) });
      h.duration.observe({ route }, seconds);
    },
    /** An event stored in the inbox. */
    received: (event: string) => c.received.inc({ event }),
    ignored: (reason: string) => c.ignored.inc({ reason }),
    authFailed: () => c.authFailures.inc(),
    /** A failed login answered 429 because its client had failed too often already. */
    authThrottled: () => c.authThrottled.inc(),
    applied: (event: string, outcome: string) => c.applied.inc({ event, outcome }),
    /** An attempt that failed and will be retried; one given up as failed (replay it). */
    retried: (event: string) => c.retried.inc({ event }),
    failed: (event: string) => c.failed.inc({ event }),
    batch: (size: number) => h.batchSize.observe(size),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
