import { Counter, Gauge, Registry } from 'prom-client';
import type { PoolStatus } from '../db/sql/pool-status.js';
import type { StatusReport } from '../sync/status.js';

/**
 * What operators watch across the fleet, from the database: the shared rate budget of each egress pool and
 * each account's health (the same report as `status`). The webhook listener serves these on /metrics at
 * scrape time; `status --prometheus` prints them once, for workers without a listener (node_exporter's
 * textfile collector, a Pushgateway).
 */
export interface FleetSources {
  /** The shared rate budget's pools (server databases; the embedded one keeps no shared budget). */
  rateBudget?: () => Promise<PoolStatus[]>;
  /** The status report of every account. */
  status?: () => Promise<StatusReport>;
}

type Registers = Registry[];

export function defineFleetMetrics(registers: Registers, sources: FleetSources): void {
  if (sources.rateBudget) defineRateBudgetMetrics(registers, sources.rateBudget);
  if (sources.status) defineAccountMetrics(registers, sources.status);
}

/** The fleet gauges of one moment, in Prometheus' text format. */
export async function renderFleetMetrics(report: StatusReport, pools: PoolStatus[]): Promise<string> {
  const registry = new Registry();
  defineFleetMetrics([registry], { status: async () => report, rateBudget: async () => pools });
  return registry.metrics();
}

/**
 * A query shared by the gauges of one scrape: prom-client collects them concurrently, so the first gauge
 * starts the read and the others join it; the next scrape reads afresh.
 */
export function perScrape<T>(query: () => Promise<T>): () => Promise<T | undefined> {
  let reading: Promise<T | undefined> | undefined;
  return () =>
    (reading ??= query()
      .catch(() => undefined)
      .finally(() => (reading = undefined)));
}

/** The egress pools' shared rate budget, read from the database at scrape time (the same for every replica). */
function defineRateBudgetMetrics(registers: Registers, query: () => Promise<PoolStatus[]>) {
  const pools = perScrape(query);
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

/** Each active account's health, lag, unavailable resources and given-up threads (inactive ones are left out). */
function defineAccountMetrics(registers: Registers, query: () => Promise<StatusReport>) {
  const report = perScrape(query);
  const active = (r: StatusReport) => r.accounts.filter((a) => a.isActive);
  // Reset at each scrape: an account or label set gone from the report leaves the gauge.
  const gauge = (
    name: string,
    help: string,
    labelNames: string[],
    values: (report: StatusReport) => Iterable<[Record<string, string>, number]>,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        const current = await report();
        if (current === undefined) return;
        this.reset();
        for (const [labels, value] of values(current)) this.set(labels, value);
      },
    });
  gauge(
    'hostaway_account_healthy',
    '1 when the account is healthy as `status` judges it (last run neither failed nor partial, every core resource synced), else 0',
    ['account', 'pool'],
    function* (r) {
      for (const a of active(r))
        yield [{ account: String(a.accountId), pool: a.egressPool }, a.healthy ? 1 : 0];
    },
  );
  gauge(
    'hostaway_account_sync_lag_seconds',
    'Seconds since a core resource of the account last synced successfully (absent: never)',
    ['account', 'resource'],
    function* (r) {
      for (const a of active(r))
        for (const res of a.resources)
          if (res.lagSeconds !== null)
            yield [{ account: String(a.accountId), resource: res.resource }, res.lagSeconds];
    },
  );
  gauge(
    'hostaway_resource_unavailable',
    'Optional resources an account cannot use (403 with a fresh token, 404 on the list): skipped, re-probed',
    ['account', 'resource'],
    function* (r) {
      for (const a of active(r))
        for (const res of a.optionalResources)
          if (res.unavailable) yield [{ account: String(a.accountId), resource: res.resource }, 1];
    },
  );
  gauge(
    'hostaway_accounts_webhook_mode',
    'Active accounts by webhook mode: `webhook` (reservations and threads polled on the long cadence), `polling`',
    ['mode'],
    (r) => {
      const counts = new Map([
        ['webhook', 0],
        ['polling', 0],
      ]);
      for (const a of active(r)) counts.set(a.webhookMode.mode, (counts.get(a.webhookMode.mode) ?? 0) + 1);
      return [...counts].map(([mode, n]): [Record<string, string>, number] => [{ mode }, n]);
    },
  );
  // Webhook coverage over the last day: changes by who saw them first, per account, and the ratio.
  const hooked = (r: StatusReport) => r.accounts.filter((a) => a.isActive && a.webhookMode.credentials);
  gauge(
    'hostaway_account_webhook_changes',
    'Changes of what webhooks cover (reservations, guest messages) in the last day, by who saw them first: `webhook` (the listener stored it) or `poll` (a poll found it undelivered)',
    ['account', 'first_seen'],
    function* (r) {
      for (const a of hooked(r)) {
        yield [{ account: String(a.accountId), first_seen: 'webhook' }, a.webhookMode.coverage.webhookFirst];
        yield [{ account: String(a.accountId), first_seen: 'poll' }, a.webhookMode.coverage.pollFirst];
      }
    },
  );
  gauge(
    'hostaway_account_webhook_coverage_ratio',
    "Share of the account's changes in the last day that a webhook stored first (absent: no changes)",
    ['account'],
    function* (r) {
      for (const a of hooked(r))
        if (a.webhookMode.coverage.ratio !== null)
          yield [{ account: String(a.accountId) }, a.webhookMode.coverage.ratio];
    },
  );
  gauge(
    'hostaway_webhook_coverage_ratio',
    "Share of all active accounts' changes in the last day that a webhook stored first (absent: no changes)",
    [],
    (r) => (r.webhookCoverage.ratio === null ? [] : [[{}, r.webhookCoverage.ratio]]),
  );
  gauge(
    'hostaway_threads_given_up',
    'Message threads given up after failing in a row, by account (retried when they change, by reconcile and full)',
    ['account'],
    function* (r) {
      for (const a of active(r)) yield [{ account: String(a.accountId) }, a.threadFailures.givenUp];
    },
  );
}
