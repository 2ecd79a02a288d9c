/**
 * Markdown tables of the performance figures (syncs, API efficiency, database writes, memory, time,
 * databases, reconcile, rate limits, webhooks).
 */
import type { ApiEfficiency } from './api-efficiency.js';
import type { DbWriteFigures } from './db-writes.js';
import type { RateLimitFigures } from './rate-limited.js';
import type { ReconcileCostFigures, RunCost } from './reconcile-cost.js';
import type { SyncCostFigures } from './sync-costs.js';
import type { SyncFigures } from './sync.js';
import type { WebhookBenchFigures } from './webhook.js';

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export function syncTables(f: SyncFigures): string {
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

export function apiEfficiencyTable(rows: ApiEfficiency[]): string {
  return [
    'API efficiency: requests ÷ the minimum the data needs (limits off).',
    '',
    '| account (listings / reservations = threads) | full sync | minimum | ratio | idle incremental | minimum | ratio |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.size} | ${r.full.requests} | ${r.full.minimum} | ${r.full.ratio} | ${r.idleIncremental.requests} | ${r.idleIncremental.minimum} | ${r.idleIncremental.ratio} |`,
    ),
  ].join('\n');
}

export function dbWritesTable(f: DbWriteFigures): string {
  const wal =
    f.noopWalBytes === null || f.noopWalRatio === null
      ? 'n/a (no WAL position on PGlite)'
      : `${f.noopWalBytes} B ÷ ${mib(f.tableBytes)} MiB = ${f.noopWalRatio}`;
  const compression = f.compression.map(
    (c) =>
      `| ${c.method} | ${c.writeSeconds} s | ${c.serverCpuSeconds ?? 'n/a'} s | ${mib(c.tableBytes)} MiB |`,
  );
  return [
    `Database writes: ${f.rows} reservations (${mib(f.payloadBytes)} MiB of JSON), ${f.database}, best of 5.`,
    '',
    '| measure | value |',
    '| --- | --- |',
    `| upsert path (upsertReservations, fresh table) | ${f.upsertRowsPerSecond} rows/s |`,
    `| COPY … FROM STDIN (CSV) into an empty table with the same columns and key | ${f.copyRowsPerSecond} rows/s |`,
    `| plain INSERT … SELECT FROM jsonb_to_recordset, same chunks (no pre-filter, guard or conflict handling) | ${f.plainInsertRowsPerSecond} rows/s |`,
    `| upsert ÷ COPY | ${f.upsertToCopy} |`,
    `| plain INSERT ÷ COPY (the ceiling of one INSERT per chunk) | ${f.plainInsertToCopy} |`,
    `| re-upsert with 1 % changed (${f.onePercentChangedWritten} rows written) | ${f.onePercentChangedRowsPerSecond} rows/s |`,
    `| WAL of an unchanged re-upsert ÷ table size | ${wal} |`,
    '',
    '| raw_payload compression | write (wall) | server CPU | table size |',
    '| --- | --- | --- | --- |',
    ...compression,
  ].join('\n');
}

export function syncCostTables(f: SyncCostFigures): string {
  const { small, large } = f.memory;
  const split = f.split.split!;
  const busy = split.apiSeconds + split.parseSeconds + split.dbSeconds;
  const share = (s: number) => `${((100 * s) / busy).toFixed(1)} %`;
  const server = f.embeddedVsServer.server;
  const profile = f.profile.profile!;
  return [
    `Memory of a full sync, one process each (${small.database}, ${small.conversations} threads).`,
    '',
    '| reservations | peak RSS | RSS before the sync |',
    '| --- | --- | --- |',
    `| ${small.reservations} | ${small.peakRssMiB} MiB | ${small.rssBeforeSyncMiB} MiB |`,
    `| ${large.reservations} | ${large.peakRssMiB} MiB | ${large.rssBeforeSyncMiB} MiB |`,
    `| ratio | ${f.memory.ratio} | |`,
    '',
    `Time split of a full sync (${f.split.rows} rows, ${f.split.apiRequests} requests, ${f.split.seconds} s wall, ${f.split.cpuSeconds} s CPU; sums of overlapping calls).`,
    '',
    '| part | seconds | share |',
    '| --- | --- | --- |',
    `| API wait (request to response, parsing excluded) | ${split.apiSeconds.toFixed(2)} | ${share(split.apiSeconds)} |`,
    `| JSON parse | ${split.parseSeconds.toFixed(2)} | ${share(split.parseSeconds)} |`,
    `| database calls | ${split.dbSeconds.toFixed(2)} | ${share(split.dbSeconds)} |`,
    '',
    `CPU profile of the same full sync (${profile.busyMs} ms sampled, GC ${(100 * profile.garbageCollectionShare).toFixed(1)} %): top self time.`,
    '',
    '| function | share |',
    '| --- | --- |',
    ...profile.top.map((t) => `| \`${t.name}\` | ${(100 * t.share).toFixed(1)} % |`),
    '',
    'The same full sync on the embedded database and on the server.',
    '',
    '| database | wall time | CPU (sync process) | peak RSS |',
    '| --- | --- | --- | --- |',
    `| ${f.embeddedVsServer.pglite.database} | ${f.embeddedVsServer.pglite.seconds} s | ${f.embeddedVsServer.pglite.cpuSeconds} s | ${f.embeddedVsServer.pglite.peakRssMiB} MiB |`,
    server
      ? `| ${server.database} | ${server.seconds} s | ${server.cpuSeconds} s | ${server.peakRssMiB} MiB |`
      : '| server | skipped (no BENCH_DATABASE_URL / TEST_DATABASE_URL) | | |',
    `| embedded ÷ server (wall) | ${f.embeddedVsServer.ratio ?? 'n/a'} | | |`,
  ].join('\n');
}

/** Endpoints of the three core resources (lists and message threads); the rest are optional resources. */
const CORE_ENDPOINTS = new Set([
  'GET /listings',
  'GET /reservations',
  'GET /conversations',
  'GET /conversations/:id/messages',
  'POST /accessTokens',
]);

/** Nightly reconcile vs full on one account: requests (core and optional resources), wall time, rows written. */
export function reconcileTable(r: ReconcileCostFigures): string {
  const row = (name: string, c: RunCost) => {
    const core = Object.entries(c.byEndpoint)
      .filter(([endpoint]) => CORE_ENDPOINTS.has(endpoint))
      .reduce((sum, [, n]) => sum + n, 0);
    const threads = c.byEndpoint['GET /conversations/:id/messages'] ?? 0;
    return `| ${name} | ${c.requests} | ${core} (${threads} thread reads) | ${c.requests - core} | ${c.seconds} s | ${c.rowsWritten} |`;
  };
  return [
    `Nightly reconcile vs full (${r.listings} listings / ${r.reservations} reservations / one thread each, ${r.database}, limits off).`,
    '',
    '| run | API requests | token, listings, reservations, conversations, threads | optional resources | wall time | rows written |',
    '| --- | --- | --- | --- | --- | --- |',
    row('`sync full`, first', r.firstFull),
    row('`sync full`, nothing changed', r.idleFull),
    row('`sync reconcile`, nothing changed', r.idleReconcile),
    row(
      `\`sync reconcile\`, 1 % changed (${r.changed.reservations} reservations, ${r.changed.threads} threads)`,
      r.changedReconcile,
    ),
  ].join('\n');
}

export function rateTable(rows: RateLimitFigures[]): string {
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

export function webhookTable(w: WebhookBenchFigures): string {
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
