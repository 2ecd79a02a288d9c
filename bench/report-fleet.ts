import type { FleetFigures } from './fleet.js';
import { round } from './harness.js';
import type { MultiProcessFigures } from './multi-process.js';
import type { LatencyFigures, WebhookFirstFigures } from './webhook-first.js';

const pct = (share: number | null) => (share === null ? '-' : `${round(share * 100, 1)} %`);

export function multiProcessTable(f: MultiProcessFigures): string {
  const p = f.priority;
  return [
    `${f.accounts} accounts of ${f.size} (listings / reservations / threads), \`sync full\`, one pool; the simulator ` +
      `enforces ${f.perIp} requests per ${f.windowMs}-ms window per IP (all processes send from 127.0.0.1).`,
    '',
    '| processes | API requests | 429 responses | busiest window seen by the simulator (limit) | wall time | utilisation of the pool | wall time ÷ one process | PostgreSQL transactions | per API request | of them the rate budget’s, per API request | exit codes |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...f.runs.map(
      (r) =>
        `| ${r.processes} | ${r.apiRequests} | ${r.responses429} | ${r.busiestWindow} (${f.perIp}) | ${r.seconds} s | ${r.utilisation} | ${r.wallTimeVsOne} | ${r.transactions} | ${r.transactionsPerRequest} | ${r.budgetTransactionsPerRequest} | ${r.exitCodes.join(', ')} |`,
    ),
    '',
    `Priority: an idle \`sync incremental --account N\` (its own process, ${p.incrementalRequests} requests) took ` +
      `${p.aloneSeconds} s alone and ${p.duringFullSeconds} s while ${p.fullProcesses} \`sync full\` processes of the ` +
      `other accounts used the pool (${p.fullSeconds} s for them); ${p.responses429} × 429.`,
  ].join('\n');
}

export function fleetTable(f: FleetFigures): string {
  const o = f.options;
  const s = f.steady;
  const accounts = o.pools * o.accountsPerPool;
  return [
    `${accounts} accounts of ${o.size.listings} / ${o.size.reservations} / ${o.size.conversations} over ${o.pools} pools ` +
      `(127.0.0.2–127.0.0.${o.pools + 1}), ${o.jobsPerPool} CronJob per pool every ${o.tickSeconds} s running ` +
      `\`sync incremental --due --wait --max-duration ${o.maxDurationSeconds}s --concurrency ${o.concurrency}\`; ` +
      `window ${o.windowMs} ms, cadence ${o.cadenceSeconds} s, ${o.runSeconds} s of CronJob starts.`,
    '',
    '| t | within cadence | within cadence + one tick | synced once | account runs | requests | 429 | utilisation | fleet DB transactions | PostgreSQL CPU (cores) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...f.samples.map(
      (x) =>
        `| ${x.atSeconds} s | ${pct(x.withinCadence / x.accounts)} | ${pct(x.withinCadenceAndTick / x.accounts)} | ${x.synced} | ${x.runs} | ${x.requests} | ${x.responses429} | ${round(x.utilisation, 2)} | ${x.transactions} | ${round(x.databaseCpuSeconds / o.sampleSeconds, 2)} |`,
    ),
    '',
    `Every account synced once after ${f.firstCycleSeconds ?? '-'} s (first syncs included). Steady state ` +
      `(${s.samples} samples from one cadence after that): lowest share within cadence ${pct(s.minWithinCadence)}, ` +
      `within cadence + one tick ${pct(s.minWithinCadenceAndTick)}; ${s.runsPerSecond} account runs/s, ` +
      `${s.requestsPerRun} requests per run, utilisation ${s.utilisation} (per pool ${f.utilisationPerPool.join(', ') || '-'}); ` +
      `${s.transactionsPerRun} database transactions per run, PostgreSQL ${s.databaseCpuSecondsPerRun} CPU-s per run ` +
      `(${s.databaseCpuShare} cores, server-wide; the fleet made ${pct(s.fleetShareOfServerTransactions)} of its transactions), ` +
      `CLI processes ${s.workerCpuSecondsPerRun} CPU-s per run. 429 responses: ${f.responses429}; busiest window per pool ` +
      `${f.busiestWindowPerPool.join(', ')} (limit 15). Processes: ${f.jobs.processes} (${f.jobs.failedProcesses} exited non-zero), ` +
      `${f.jobs.accountRuns} account runs, ${f.jobs.skipped} skipped. Database: ${f.database.bytesPerAccount} bytes per account ` +
      `(mirror and run log at the end), ${f.database.syncRunBytes} bytes per sync_runs row.`,
  ].join('\n');
}

/** The 10,000-account arithmetic from the fleet's measured figures (real window 10 s, cadence 300 s). */
export function sizingText(f: FleetFigures): string {
  const s = f.steady;
  const factor = 10_000 / f.options.windowMs;
  const cadence = f.options.cadenceSeconds * factor;
  const perCadence = (15 * cadence) / 10;
  const perPool = Math.floor((0.8 * perCadence) / s.requestsPerRun);
  const pools = Math.ceil(10_000 / perPool);
  const runsPerSecond = 10_000 / cadence;
  const workerCores = runsPerSecond * s.workerCpuSecondsPerRun;
  const dbCores = runsPerSecond * s.databaseCpuSecondsPerRun;
  const runsPerDay = (10_000 * 86_400) / cadence;
  return [
    `Compression ×${factor}: the fleet's ${f.options.cadenceSeconds}-s cadence is ${cadence} s, its ${f.options.windowMs}-ms window Hostaway's 10 s.`,
    `- Pools: an idle run costs ${s.requestsPerRun} requests; one IP allows 15 × ${cadence} ÷ 10 = ${perCadence} requests per cadence, ` +
      `so at 80 % ${perPool} accounts per pool and **${pools} pools** for 10,000 accounts (busier accounts cost more: see "Scale plan").`,
    `- Runs: 10,000 ÷ ${cadence} s = ${round(runsPerSecond, 1)} account runs/s (the fleet ran ${s.runsPerSecond}/s). ` +
      `At ${s.workerCpuSecondsPerRun} CPU-s per run (process start-ups of a ${f.options.tickSeconds}-s schedule included) ` +
      `that is **${round(workerCores, 1)} cores** of workers, with at least one CronJob per pool.`,
    `- Database load: ${s.transactionsPerRun} transactions per run × ${round(runsPerSecond, 1)} = **${Math.round(s.transactionsPerRun * runsPerSecond)} transactions/s**; ` +
      `${s.databaseCpuSecondsPerRun} CPU-s per run = **${round(dbCores, 2)} cores** of PostgreSQL.`,
    `- Database size: ${f.database.bytesPerAccount} bytes per account of this size = ${round((f.database.bytesPerAccount * 10_000) / 2 ** 20)} MiB ` +
      `for 10,000; the run log grows by ${runsPerDay.toLocaleString('en-US')} rows a day × ${f.database.syncRunBytes} bytes = ` +
      `**${round((runsPerDay * f.database.syncRunBytes) / 2 ** 30, 1)} GiB a day** unless pruned.`,
  ].join('\n');
}

/** The webhook-first fleet: latencies, coverage, requests, and the arithmetic for 10,000 accounts. */
export function webhookFirstText(f: WebhookFirstFigures): string {
  const o = f.options;
  const k = o.compression;
  const row = (name: string, l: LatencyFigures, scale: number) =>
    `| ${name} | ${l.changes} | ${l.p50 ?? '-'} s | ${l.p99 ?? '-'} s | ${l.max ?? '-'} s | ${scale === 1 ? 'as measured' : `${l.p50 === null ? '-' : round((l.p50 * scale) / 60, 1)} / ${l.p99 === null ? '-' : round((l.p99 * scale) / 60, 1)} / ${l.max === null ? '-' : round((l.max * scale) / 60, 1)} min`} | ${l.notStored} |`;
  const perPoolPerDay = PER_IP_PER_DAY * 0.8;
  const cadenceRuns = 86_400 / o.cadenceSeconds;
  const pools = Math.ceil((10_000 * f.requestsPerAccountPerDay) / perPoolPerDay);
  // The fleet's load stood for accounts × compression accounts in real time.
  const connections = round((f.busyConnections.mean * 10_000) / (o.accounts * k), 1);
  return [
    `${o.accounts} accounts of ${o.size.listings} listings / ${o.size.reservations} reservations / ${o.size.conversations} threads ` +
      `over ${o.pools} pools, all in webhook mode; compressed ×${k}: a ${o.cadenceSeconds}-s cadence, a ${o.safetyNetSeconds}-s safety net, listings every ${o.listingsPollSeconds || o.cadenceSeconds} s, ` +
      `${o.reservationChangesPerHour} reservation updates and ${o.guestMessagesPerHour} guest messages per account and hour, ` +
      `${round(o.lossRate * 100, 1)} % of webhooks lost for good; ${o.changeSeconds} s of changes then ${o.drainSeconds} s for the safety net.`,
    '',
    '| changes | count | p50 | p99 | max | uncompressed p50 / p99 / max | never stored |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    row('delivered by webhook', f.delivered, 1),
    row('lost (found by the safety net)', f.lost, k),
    '',
    `Within 5 minutes (uncompressed): ${pct(f.withinFiveMinutes)}. Coverage: ${pct(f.coverage.ratio)} ` +
      `(${f.coverage.webhookFirst} changes first by webhook, ${f.coverage.pollFirst} by poll). ` +
      `Requests per account per day: ${f.requestsPerAccountPerDay} (${Object.entries(
        f.requestsPerAccountPerDayByEndpoint,
      )
        .map(([endpoint, n]) => `${endpoint} ${n}`)
        .join(', ')}). Accounts in webhook mode at the end: ` +
      `${f.accountsInWebhookModeAtEnd} of ${o.accounts}. 429s: ${f.responses429}; failed processes: ${f.failedProcesses}.`,
    '',
    `Account runs per account per day: ${f.runsPerAccountPerDay} (the cadence's ${cadenceRuns} in polling mode; in webhook ` +
      `mode an account is due again when its first resource falls due).`,
    '',
    `For 10,000 accounts: ${f.requestsPerAccountPerDay} requests per account per day is ` +
      `${Math.round(10_000 * f.requestsPerAccountPerDay).toLocaleString('en-US')} a day; one IP allows ` +
      `${PER_IP_PER_DAY.toLocaleString('en-US')} (15 per 10 s), so at 80 % **${pools} pools**. PostgreSQL: ` +
      `${f.busyConnections.mean} connections busy on average (peak ${f.busyConnections.peak}) for ${o.accounts} × ${k} ` +
      `accounts' worth of load, so about **${connections} server connections** busy for 10,000 through a ` +
      `transaction-mode PgBouncer (its pool needs headroom over that mean for bursts).`,
  ].join('\n');
}

const PER_IP_PER_DAY = (15 * 86_400) / 10;
