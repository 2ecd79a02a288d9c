/**
 * Every case of `npm run bench`, in the order it runs and reports: its sizes (--smoke and full), how it runs,
 * its report, and what it holds the figures to. `problems` fail the run (broken invariants); `targets` are
 * timings printed when missed (a shared machine's timings vary, --smoke's tiny sizes more so); `readings`
 * are counted figures held to bench/budgets.ts.
 */
import { benchApiEfficiency } from './api-efficiency.js';
import { attachmentDownloadTable, benchAttachmentDownloads } from './attachment-downloads.js';
import type { Reading } from './budgets.js';
import { runInChild } from './child-process.js';
import { benchExactness } from './exactness.js';
import { benchFixedFigures, fixedReadings } from './fixed-figures.js';
import { benchFleet } from './fleet.js';
import { benchMultiProcess } from './multi-process.js';
import { benchRateLimited } from './rate-limited.js';
import { runReconcileCost } from './reconcile-cost.js';
import { fleetTable, multiProcessTable, sizingText, webhookFirstText } from './report-fleet.js';
import {
  apiEfficiencyTable,
  dbWritesTable,
  rateTable,
  reconcileTable,
  syncCostTables,
  syncTables,
  webhookTable,
} from './report-performance.js';
import { resourceCostProblems, resourceCostTable } from './report-resources.js';
import { runResourceCosts } from './resource-costs.js';
import { benchSyncCosts } from './sync-costs.js';
import { benchSync } from './sync.js';
import { benchWebhook } from './webhook.js';
import { benchWebhookFirst, type WebhookFirstOptions } from './webhook-first.js';

/** Message → true when it applies (a broken invariant, a missed target). */
type Checks = Record<string, boolean>;

interface CaseSpec<Size, Figures> {
  /** What `--case` selects. */
  name: string;
  smoke: Size;
  full: Size;
  /** Runs only when a PostgreSQL server answers (the process cases also need the built CLI). */
  needsServer?: boolean;
  run(size: Size, serverUrl: string | undefined): Promise<Figures>;
  /** Markdown for BENCHMARKS.md; none when the figures show only in the budget table (or the case did not run). */
  report?(figures: Figures): string | undefined;
  problems?(figures: Figures): Checks;
  targets?(figures: Figures, smoke: boolean): Checks;
  readings?(figures: Figures, smoke: boolean): Reading[];
}

export interface CaseOutcome {
  figures: unknown;
  report: string | undefined;
  problems: string[];
  targets: string[];
  readings: Reading[];
}

export interface BenchCase {
  name: string;
  needsServer: boolean;
  run(smoke: boolean, serverUrl: string | undefined): Promise<CaseOutcome>;
}

const holding = (checks: Checks = {}) => Object.keys(checks).filter((message) => checks[message]);

function benchCase<Size, Figures>(spec: CaseSpec<Size, Figures>): BenchCase {
  return {
    name: spec.name,
    needsServer: spec.needsServer ?? false,
    async run(smoke, serverUrl) {
      const figures = await spec.run(smoke ? spec.smoke : spec.full, serverUrl);
      return {
        figures,
        report: spec.report?.(figures),
        problems: holding(spec.problems?.(figures)),
        targets: holding(spec.targets?.(figures, smoke)),
        readings: spec.readings?.(figures, smoke) ?? [],
      };
    },
  };
}

/** The bench account: listings / reservations (one thread each). */
const ACCOUNT = { smoke: { listings: 5, reservations: 200 }, full: { listings: 100, reservations: 5000 } };
// Hostaway's window is 10 s; 1 s keeps the run short while a request's round trip stays a small share of
// the window, as it is in production.
const RATE_WINDOW_MS = { smoke: 250, full: 1000 };

/** What every fleet account holds, and the CronJobs' shape. */
const FLEET = { size: { listings: 2, reservations: 10, conversations: 3 }, jobsPerPool: 1 };

/** The webhook-first fleet's shape (uncompressed figures; bench/webhook-first.ts compresses them). */
const WEBHOOK_FIRST: Omit<WebhookFirstOptions, 'accounts'> = {
  pools: 4,
  size: { listings: 2, reservations: 10, conversations: 10 },
  compression: 30,
  cadenceSeconds: 300,
  safetyNetSeconds: 3600,
  listingsPollSeconds: 3600,
  reservationChangesPerHour: 1,
  guestMessagesPerHour: 2,
  lossRate: 0.05,
  changeSeconds: 180,
  drainSeconds: 150,
};

async function inTurn<T, F>(items: T[], run: (item: T) => Promise<F>): Promise<F[]> {
  const figures: F[] = [];
  for (const item of items) figures.push(await run(item));
  return figures;
}

export const BENCH_CASES: BenchCase[] = [
  benchCase({
    name: 'sync',
    ...ACCOUNT,
    run: benchSync,
    report: syncTables,
    problems: ({ resync, idleIncremental: idle, changedIncremental: changed }) => ({
      'an unchanged full re-sync wrote rows': resync.rowsWritten !== 0,
      'an idle incremental sync wrote rows or fetched threads':
        idle.rowsWritten !== 0 || idle.messageCalls !== 0,
      'idle incremental over its constant budget': idle.apiRequests > Math.min(4, idle.budget),
      'incremental over budget': changed.apiRequests > changed.budget,
    }),
  }),
  benchCase({
    name: 'exactness',
    ...ACCOUNT,
    run: benchExactness,
    report: (f) =>
      `Exactness after a full sync: ${f.objectsCompared} objects compared ` +
      `(listings, reservations, conversations, messages), ${f.mismatches} differ.`,
    problems: (f) => ({
      [`${f.mismatches} stored objects differ from what the API serves: ${f.differences.join('; ')}`]:
        f.mismatches !== 0,
    }),
  }),
  benchCase({
    name: 'api-efficiency',
    smoke: [
      { listings: 2, reservations: 50 },
      { listings: 5, reservations: 250 },
    ],
    full: [{ listings: 10, reservations: 200 }, { listings: 50, reservations: 2000 }, ACCOUNT.full],
    run: (sizes) => inTurn(sizes, benchApiEfficiency),
    report: apiEfficiencyTable,
    problems: (rows) => ({
      'a sync made more requests than the data needs': rows.some(
        (e) => e.full.ratio !== 1 || e.idleIncremental.requests > 4,
      ),
    }),
  }),
  benchCase({
    name: 'db-writes',
    smoke: { rows: 300 },
    full: { rows: 5000 },
    run: (size) => runInChild('db-writes', size),
    report: dbWritesTable,
    targets: (f) => ({
      [`upsert ÷ COPY ${f.upsertToCopy} < 0.9`]: f.upsertToCopy < 0.9,
      [`no-op WAL ratio ${f.noopWalRatio} ≥ 0.01`]: f.noopWalRatio !== null && f.noopWalRatio >= 0.01,
    }),
  }),
  benchCase({
    name: 'sync-costs',
    smoke: { ...ACCOUNT.smoke, memoryReservations: [300, 3000], memoryConversations: 30 },
    full: { ...ACCOUNT.full, memoryReservations: [5000, 50000], memoryConversations: 500 },
    run: benchSyncCosts,
    report: syncCostTables,
    targets: (f) => ({
      [`peak RSS ratio ${f.memory.ratio} > 1.2`]: f.memory.ratio > 1.2,
      'one function holds over 25 % of the CPU profile': f.profile.profile!.top[0]!.share > 0.25,
    }),
  }),
  benchCase({
    name: 'reconcile-cost',
    ...ACCOUNT,
    // On the server when one is configured, else the embedded database.
    run: (size) => runReconcileCost({ ...size, database: 'server' }),
    report: reconcileTable,
  }),
  benchCase({
    name: 'rate-limited',
    smoke: [
      { accounts: 1, listings: 3, reservations: 60, windowMs: RATE_WINDOW_MS.smoke },
      { accounts: 3, listings: 3, reservations: 20, windowMs: RATE_WINDOW_MS.smoke },
    ],
    full: [
      { accounts: 1, listings: 20, reservations: 500, windowMs: RATE_WINDOW_MS.full },
      { accounts: 10, listings: 3, reservations: 60, windowMs: RATE_WINDOW_MS.full },
    ],
    run: (runs) => inTurn(runs, benchRateLimited),
    report: rateTable,
    problems: (rows) => ({ '429 responses under the rate limit': rows.some((r) => r.responses429 > 0) }),
  }),
  benchCase({
    name: 'webhook',
    smoke: { connections: 4, durationMs: 500, payloads: 20, redeliveries: 20 },
    full: { connections: 50, durationMs: 10_000, payloads: 2000, redeliveries: 200 },
    run: benchWebhook,
    report: webhookTable,
    problems: ({ listener }) => ({
      'an identical re-delivery was stored again':
        listener.redelivery.duplicates !== listener.redelivery.posted,
      'the webhook listener answered non-200': listener.failures > 0,
    }),
  }),
  benchCase({
    name: 'resource-costs',
    ...ACCOUNT,
    // On the server when one is configured, else the embedded database.
    run: (size) => runResourceCosts({ ...size, database: 'server' }),
    report: resourceCostTable,
    problems: resourceCostProblems,
  }),
  benchCase({
    name: 'attachment-downloads',
    smoke: [
      { count: 4, kib: 256 },
      { count: 1, kib: 1024 },
    ],
    full: [
      { count: 40, kib: 256 },
      { count: 8, kib: 4096 },
    ],
    run: benchAttachmentDownloads,
    report: attachmentDownloadTable,
  }),
  // Several CLI processes (npm run build first) sharing the database's rate budget.
  benchCase({
    name: 'multi-process',
    smoke: {
      windowMs: RATE_WINDOW_MS.smoke,
      size: { listings: 2, reservations: 12, conversations: 12 },
      processCounts: [1, 2],
    },
    full: {
      windowMs: RATE_WINDOW_MS.full,
      size: { listings: 3, reservations: 150, conversations: 150 },
      processCounts: [1, 2, 4],
    },
    needsServer: true,
    run: (options, serverUrl) => benchMultiProcess(serverUrl!, options),
    report: multiProcessTable,
    problems: (f) => ({
      'processes sharing one pool went over its limit': f.runs.some(
        (r) => r.responses429 > 0 || r.busiestWindow > f.perIp,
      ),
    }),
    // At smoke size each process makes a few dozen requests, so its constant start-up transactions (lock, run
    // record, cursors) swamp a per-request ratio; test/integration/rate-budget-cost.test.ts holds the budget's
    // own cost to 0.1 per request in every CI run.
    readings: (f, smoke) =>
      (smoke ? [] : f.runs).map((r) => ({
        case: `shared budget, ${r.processes} process${r.processes > 1 ? 'es' : ''}`,
        figure: 'transactions per API request' as const,
        value: r.budgetTransactionsPerRequest,
      })),
  }),
  /*
   * The recorded fleet: 1,000 accounts over 10 pools, Hostaway's window and a 5-minute cadence compressed 5×
   * (2 s, 60 s), a CronJob per pool every compressed minute. Compressed 10× (1 s, 30 s) the fleet runs
   * 10,000 accounts' worth of account runs per second, more than this 2-core host runs beside the simulator
   * and the database (BENCHMARKS.md). --smoke: 2 pools of 5 accounts for a few seconds; its 333-ms window
   * is 10 s ÷ 30 as its 10-s cadence (the shortest the CLI accepts) is 300 s ÷ 30.
   */
  benchCase({
    name: 'fleet',
    smoke: {
      ...FLEET,
      pools: 2,
      accountsPerPool: 5,
      windowMs: 333,
      cadenceSeconds: 10,
      tickSeconds: 2,
      maxDurationSeconds: 8,
      concurrency: 2,
      runSeconds: 12,
      sampleSeconds: 2,
    },
    full: {
      ...FLEET,
      pools: 10,
      accountsPerPool: 100,
      windowMs: 2000,
      cadenceSeconds: 60,
      tickSeconds: 12,
      maxDurationSeconds: 48,
      concurrency: 4,
      runSeconds: 360,
      sampleSeconds: 10,
    },
    needsServer: true,
    run: (options, serverUrl) => benchFleet(serverUrl!, options),
    report: (f) => `${fleetTable(f)}\n\n${sizingText(f)}`,
    problems: (f) => ({
      'the fleet saw 429s or a worker process failed': f.responses429 > 0 || f.jobs.failedProcesses > 0,
    }),
    targets: (f, smoke) => ({
      [`fleet accounts within cadence ${f.steady.minWithinCadenceAndTick} < 1`]:
        !smoke && f.steady.minWithinCadenceAndTick !== 1,
    }),
  }),
  /*
   * The webhook-first fleet (bench/webhook-first.ts): accounts in webhook mode, changes at a realistic rate,
   * 5 % of webhooks lost for good, compressed ×30 (the shortest cadence the CLI accepts, 10 s, is 300 s ÷ 30).
   * Minutes even at its smoke size, so --smoke leaves it out; WEBHOOK_FIRST_ACCOUNTS=1000 for the large run.
   */
  benchCase({
    name: 'webhook-first',
    smoke: null,
    full: { ...WEBHOOK_FIRST, accounts: Number(process.env.WEBHOOK_FIRST_ACCOUNTS ?? 100) },
    needsServer: true,
    run: (options, serverUrl) =>
      options === null ? Promise.resolve(null) : benchWebhookFirst(serverUrl!, options),
    report: (f) => (f === null ? undefined : webhookFirstText(f)),
    problems: (f) => ({
      'the webhook-first fleet saw 429s or a worker process failed':
        f !== null && (f.responses429 > 0 || f.failedProcesses > 0),
    }),
    targets: (f) => ({
      [`webhook-first: delivered p99 ${f?.delivered.p99} s > 10 s`]:
        f !== null && (f.delivered.p99 ?? Infinity) > 10,
      [`webhook-first: ${f?.withinFiveMinutes} of changes within 5 minutes < 1`]:
        f !== null && f.withinFiveMinutes < 1,
    }),
  }),
  // Counts through the built CLI on a server database, checked against bench/budgets.ts.
  benchCase({
    name: 'fixed-figures',
    ...ACCOUNT,
    needsServer: true,
    run: (size, serverUrl) => benchFixedFigures({ serverUrl: serverUrl!, ...size }),
    readings: fixedReadings,
  }),
];
