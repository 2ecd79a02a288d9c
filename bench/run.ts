/**
 * npm run bench [-- --smoke]: runs the benchmarks and prints Markdown tables (figures go to BENCHMARKS.md).
 * --smoke uses tiny sizes so CI proves the benchmark code still runs; its times mean nothing, its counts are
 * held to the same budgets (bench/budgets.ts) as the full run's. Exits 1 on a failed check or a budget overrun.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchApiEfficiency } from './api-efficiency.js';
import { attachmentDownloadTable, benchAttachmentDownloads } from './attachment-downloads.js';
import type { DbWriteFigures } from './db-writes.js';
import { benchExactness } from './exactness.js';
import { budgetTable, checkBudgets, describeOverrun, type Reading } from './budgets.js';
import { benchFixedFigures, fixedReadings } from './fixed-figures.js';
import { benchFleet, fleetOptions } from './fleet.js';
import { benchMultiProcess } from './multi-process.js';
import { benchRateLimited, type RateLimitFigures } from './rate-limited.js';
import { runChild } from './run-child.js';
import { fleetTable, multiProcessTable, sizingText } from './report-fleet.js';
import { apiEfficiencyTable, dbWritesTable, syncCostTables } from './report-performance.js';
import { reachableServerUrl } from './server-database.js';
import { resourceCostProblems, resourceCostTable } from './report-resources.js';
import { runResourceCosts } from './resource-costs.js';
import { benchSyncCosts } from './sync-costs.js';
import { benchSync, type SyncFigures } from './sync.js';
import { benchWebhook, type WebhookBenchFigures } from './webhook.js';

const smoke = process.argv.includes('--smoke');
const size = smoke ? { listings: 5, reservations: 200 } : { listings: 100, reservations: 5000 };

function syncTables(f: SyncFigures): string {
  return [
    `Account ${f.size} (listings / reservations / threads), ${f.database}, simulator rate limits off.`,
    '',
    '| run | wall time | rows written | rows/s | API requests | notes |',
    '| --- | --- | --- | --- | --- | --- |',
    `| full sync | ${f.full.seconds} s | ${f.full.rowsWritten} | ${f.full.rowsPerSecond} | ${f.full.apiRequests} | peak RSS ${f.full.peakRssMiB} MiB |`,
    `| full re-sync, nothing changed | ${f.resync.seconds} s | ${f.resync.rowsWritten} | - | ${f.resync.apiRequests} | |`,
    `| incremental, nothing changed | ${f.idleIncremental.seconds} s | ${f.idleIncremental.rowsWritten} | - | ${f.idleIncremental.apiRequests} | ${f.idleIncremental.messageCalls} message calls; budget ${f.idleIncremental.budget} |`,
    `| incremental, 1% changed | ${f.changedIncremental.seconds} s | ${f.changedIncremental.rowsWritten} | - | ${f.changedIncremental.apiRequests} | ${f.changedIncremental.changedReservations} reservations + ${f.changedIncremental.changedThreads} threads changed; budget ${f.changedIncremental.budget} |`,
  ].join('\n');
}

function rateTable(rows: RateLimitFigures[]): string {
  return [
    'Full syncs under the simulated limits (15 / window per IP, 20 / window per account), window shortened.',
    '',
    '| accounts | window | API requests | 429 responses | wall time | utilisation of the per-IP limit | fairness (slowest ÷ fastest account rate) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.accounts} | ${r.windowMs} ms | ${r.apiRequests} | ${r.responses429} | ${r.seconds} s | ${r.utilisation} | ${r.fairness} |`,
    ),
  ].join('\n');
}

function webhookTable(w: WebhookBenchFigures): string {
  const row = (name: string, f: WebhookBenchFigures['bare']) =>
    `| ${name} | ${f.requestsPerSecond} | ${f.p50Ms} ms | ${f.p99Ms} ms | ${f.failures} |`;
  return [
    `Webhook deliveries on loopback: ${w.connections} connections, ${w.payloadBytes}-byte reservation payloads, ${w.database}.`,
    '',
    '| server | requests/s | p50 | p99 | failures |',
    '| --- | --- | --- | --- | --- |',
    row('bare node:http (reads the body, answers 200)', w.bare),
    row('naive (one upsert per request, pool of 10)', w.naive),
    row(
      `hostaway-sync webhook serve (auth, inbox, guarded upsert; mean batch ${w.listener.meanBatch})`,
      w.listener,
    ),
    '',
    `Identical re-deliveries to the listener: ${w.listener.redelivery.posted} stored bodies posted again, ` +
      `${w.listener.redelivery.duplicates} answered with their stored event, ` +
      (w.listener.redelivery.walBytesPerDelivery === null
        ? 'WAL not measured (embedded database).'
        : `${w.listener.redelivery.walBytesPerDelivery} bytes of WAL per re-delivery.`),
  ].join('\n');
}

const benchStarted = performance.now();
const sync = await benchSync(size);
const efficiencySizes = smoke
  ? [
      { listings: 2, reservations: 50 },
      { listings: 5, reservations: 250 },
    ]
  : [
      { listings: 10, reservations: 200 },
      { listings: 50, reservations: 2000 },
      { listings: 100, reservations: 5000 },
    ];
const efficiency = [];
for (const s of efficiencySizes) efficiency.push(await benchApiEfficiency(s));
const dbWrites = await runChild<DbWriteFigures>('./db-writes-child.ts', [String(smoke ? 300 : 5000)]);
const costs = await benchSyncCosts({ smoke });
// Hostaway's window is 10 s; 1 s keeps the run short while a request's round trip stays a small share of
// the window, as it is in production.
const windowMs = smoke ? 250 : 1000;
const limited = [
  await benchRateLimited({ accounts: 1, listings: smoke ? 3 : 20, reservations: smoke ? 60 : 500, windowMs }),
  await benchRateLimited({ accounts: smoke ? 3 : 10, listings: 3, reservations: smoke ? 20 : 60, windowMs }),
];
const exact = await benchExactness(size);
// On the server when one is configured, else the embedded database.
const resourceCosts = await runResourceCosts({ ...size, database: 'server' });
const attachmentDownloads = await benchAttachmentDownloads({ smoke });
const webhook = await benchWebhook({ smoke });
// Several CLI processes (npm run build first) sharing the database's rate budget: a server database only.
const processServer = await reachableServerUrl();
const multiProcess = processServer ? await benchMultiProcess({ serverUrl: processServer, smoke }) : null;
const fleet = processServer ? await benchFleet(fleetOptions(processServer, smoke)) : null;
// Counts through the built CLI on a server database, checked against bench/budgets.ts.
const fixed = processServer ? await benchFixedFigures({ serverUrl: processServer, ...size }) : null;
const readings: Reading[] = [
  ...(fixed ? fixedReadings(fixed) : []),
  // At smoke size each process makes a few dozen requests, so its constant start-up transactions (lock, run
  // record, cursors) swamp a per-request ratio; test/integration/rate-budget-cost.test.ts holds the budget's
  // own cost to 0.1 per request in every CI run.
  ...(smoke ? [] : (multiProcess?.runs ?? [])).map((r) => ({
    case: `shared budget, ${r.processes} process${r.processes > 1 ? 'es' : ''}`,
    figure: 'transactions per API request' as const,
    value: r.transactionsPerRequest,
  })),
];
const scale = { fullSyncRequests: fixed?.full.apiRequests ?? 0 };
const overruns = fixed ? checkBudgets(readings, scale) : [];
const problems: string[] = [];
if (exact.mismatches !== 0)
  problems.push(`${exact.mismatches} stored objects differ from what the API serves`);
if (sync.resync.rowsWritten !== 0) problems.push('an unchanged full re-sync wrote rows');
if (sync.idleIncremental.rowsWritten !== 0 || sync.idleIncremental.messageCalls !== 0) {
  problems.push('an idle incremental sync wrote rows or fetched threads');
}
if (sync.idleIncremental.apiRequests > Math.min(4, sync.idleIncremental.budget))
  problems.push('idle incremental over its constant budget');
if (sync.changedIncremental.apiRequests > sync.changedIncremental.budget)
  problems.push('incremental over budget');
problems.push(...resourceCostProblems(resourceCosts));
if (limited.some((r) => r.responses429 > 0)) problems.push('429 responses under the rate limit');
if (webhook.listener.redelivery.duplicates !== webhook.listener.redelivery.posted)
  problems.push('an identical re-delivery was stored again');
if (webhook.listener.failures > 0) problems.push('the webhook listener answered non-200');
if (efficiency.some((e) => e.full.ratio !== 1 || e.idleIncremental.requests > 4))
  problems.push('a sync made more requests than the data needs');
if (multiProcess?.runs.some((r) => r.responses429 > 0 || r.busiestWindow > multiProcess.perIp))
  problems.push('processes sharing one pool went over its limit');
if (fleet && (fleet.responses429 > 0 || fleet.jobs.failedProcesses > 0))
  problems.push('the fleet saw 429s or a worker process failed');
// Targets, not checks: timings of a shared machine (and of --smoke's tiny sizes) vary.
const targets: string[] = [];
if (dbWrites.upsertToCopy < 0.9) targets.push(`upsert ÷ COPY ${dbWrites.upsertToCopy} < 0.9`);
if (dbWrites.noopWalRatio !== null && dbWrites.noopWalRatio >= 0.01)
  targets.push(`no-op WAL ratio ${dbWrites.noopWalRatio} ≥ 0.01`);
if (costs.memory.ratio > 1.2) targets.push(`peak RSS ratio ${costs.memory.ratio} > 1.2`);
if (costs.profile.profile!.top[0]!.share > 0.25)
  targets.push('one function holds over 25 % of the CPU profile');
if (fleet && !smoke && fleet.steady.minWithinCadenceAndTick !== 1)
  targets.push(`fleet accounts within cadence ${fleet.steady.minWithinCadenceAndTick} < 1`);
process.stdout.write(
  `${syncTables(sync)}\n\nExactness after a full sync: ${exact.objectsCompared} objects compared ` +
    `(listings, reservations, conversations, messages), ${exact.mismatches} differ.\n\n${apiEfficiencyTable(efficiency)}\n\n` +
    `${dbWritesTable(dbWrites)}\n\n${syncCostTables(costs)}\n\n${rateTable(limited)}\n\n${webhookTable(webhook)}\n\n` +
    `${resourceCostTable(resourceCosts)}\n\n${attachmentDownloadTable(attachmentDownloads)}\n`,
);
process.stdout.write(
  multiProcess && fleet
    ? `\n${multiProcessTable(multiProcess)}\n\n${fleetTable(fleet)}\n\n${sizingText(fleet)}\n`
    : '\nMulti-process and fleet cases skipped: no PostgreSQL server answered.\n',
);
process.stdout.write(
  fixed
    ? `\n${budgetTable(readings, scale)}\n`
    : '\nCounted figures and their budgets skipped: no PostgreSQL server answered.\n',
);
const runtimeSeconds = Math.round((performance.now() - benchStarted) / 1000);
process.stdout.write(`\nBenchmark runtime: ${runtimeSeconds} s.\n`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/latest.json', import.meta.url),
  JSON.stringify(
    {
      smoke,
      runtimeSeconds,
      sync,
      efficiency,
      dbWrites,
      costs,
      exact,
      limited,
      webhook,
      resourceCosts,
      attachmentDownloads,
      multiProcess,
      fleet,
      fixed,
      overruns,
    },
    null,
    2,
  ),
);
for (const target of targets) process.stderr.write(`bench target missed: ${target}\n`);
for (const problem of problems) process.stderr.write(`bench check failed: ${problem}\n`);
for (const overrun of overruns) process.stderr.write(`bench budget overrun: ${describeOverrun(overrun)}\n`);
if (problems.length > 0 || overruns.length > 0) process.exitCode = 1;
