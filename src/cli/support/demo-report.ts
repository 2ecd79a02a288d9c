import { QUERY_VIEWS } from '../../db/query-views.js';
import type { ChalkInstance } from 'chalk';
import type { Database } from '../../db/database.js';
import type { DemoSamples } from '../../db/queries/demo-samples.js';
import type { MirrorRowCounts } from '../../db/mirror/row-counts.js';
import type { RunResult } from '../../sync/types.js';
import { formatTable } from '../render/table.js';

export interface DemoReport {
  database: string;
  databaseKind: Database['kind'];
  simulator: { baseUrl: string; seed: number; listings: number; reservations: number };
  accountId: number;
  account: 'added' | 'reused';
  migrationsApplied: string[];
  full: RunResult;
  changes: string[];
  incremental: RunResult;
  rows: MirrorRowCounts;
  /** A calendar day and an attachment, with their tables' counts. */
  samples: DemoSamples;
  durationMs: number;
  /** The configured rate limit, to say how long the same work takes against Hostaway. */
  rateLimit: { perIp: number; perAccount: number; windowMs: number };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const n = (value: number) => value.toLocaleString('en-US');
const indent = (text: string) => text.trimEnd().replace(/^/gm, '  ') + '\n';
const RESOURCES = ['listings', 'reservations', 'threads'] as const;

function total(result: RunResult, key: 'inserted' | 'updated' | 'unchanged'): number {
  return Object.values(result.resources).reduce((sum, r) => sum + (r?.[key] ?? 0), 0);
}

/** One run, per resource: what was read and what it did to the tables (fits 80 columns). */
export function formatDemoRun(result: RunResult, color: ChalkInstance): string {
  const optional = Object.keys(result.resources).filter(
    (name) => !(RESOURCES as readonly string[]).includes(name),
  );
  const rows = [...RESOURCES, ...optional].map((name) => {
    const r = result.resources[name];
    return [name, r?.fetched ?? 0, r?.inserted ?? 0, r?.updated ?? 0, r?.unchanged ?? 0];
  });
  const table = formatTable(['', 'READ', 'INSERTED', 'UPDATED', 'UNCHANGED'], rows);
  const status = result.status === 'succeeded' ? color.green('✔') : color.red(`✖ ${result.status}`);
  const limited = result.rateLimited > 0 ? `, ${result.rateLimited} answered 429` : '';
  const error = result.error ? `: ${result.error.message}` : '';
  const line = `${status} ${n(result.apiRequests)} API requests${limited}, ${seconds(result.durationMs)}${error}`;
  return indent(`${table}${line}`);
}

/** At Hostaway's documented limits the same number of requests takes this long (the demo has none). */
function atHostawaySpeed(report: DemoReport, requests: number): string {
  const { perIp, perAccount, windowMs } = report.rateLimit;
  const ms = (requests / Math.min(perIp, perAccount)) * windowMs;
  return ms >= 90_000 ? `about ${Math.round(ms / 60_000)} min` : `about ${Math.ceil(ms / 1000)} s`;
}

/** "What happened": both runs, rows per table, and how long the same work takes against Hostaway. */
export function formatWhatHappened(report: DemoReport, color: ChalkInstance): string {
  const { full, incremental, rows } = report;
  const run = (label: string, r: RunResult) => [
    label,
    total(r, 'inserted'),
    total(r, 'updated'),
    total(r, 'unchanged'),
    r.apiRequests,
    seconds(r.durationMs),
  ];
  const runs = formatTable(
    ['SYNC', 'INSERTED', 'UPDATED', 'UNCHANGED', 'REQUESTS', 'TIME'],
    [run('full', full), run('incremental', incremental)],
  );
  const tables = formatTable(
    ['TABLE', 'ROWS', 'ONE ROW PER'],
    [
      ['hostaway.listings', rows.listings, 'listing'],
      ['hostaway.reservations', rows.reservations, 'reservation'],
      ['hostaway.messages', rows.threads, `message thread (${n(rows.messages)} messages)`],
      ['hostaway.listing_calendar', report.samples.calendarDays, 'listing and day'],
      ['hostaway.message_attachments', report.samples.attachments.found, attachmentsNote(report.samples)],
    ],
  );
  const { perIp, windowMs } = report.rateLimit;
  return [
    color.bold('What happened'),
    indent(runs),
    indent(tables),
    ...formatSamples(report.samples, color),
    `  The whole demo took ${seconds(report.durationMs)}. The local simulator has no rate limits; at`,
    `  Hostaway's (${perIp} requests / ${windowMs / 1000} s) the full sync would take ${atHostawaySpeed(report, full.apiRequests)}`,
    `  and the incremental one ${atHostawaySpeed(report, incremental.apiRequests)}.`,
    '',
  ].join('\n');
}

function attachmentsNote({ attachments }: DemoSamples): string {
  const kib = Math.round(attachments.storedBytes / 1024);
  return `attachment (${n(attachments.stored)} files stored, ${n(kib)} KiB)`;
}

/** One stored calendar day and one stored attachment, with the command that writes the file out. */
function formatSamples({ calendarDay: day, attachment: file }: DemoSamples, color: ChalkInstance): string[] {
  const lines: string[] = [];
  if (day) {
    const stay = day.minimumStay === null ? '' : `, at least ${day.minimumStay} nights`;
    lines.push(
      `  A calendar day: listing ${day.listingId} on ${day.day} is ${day.status}, price ${day.price}${stay}.`,
    );
  }
  if (file) {
    const name = file.name ?? `attachment-${file.attachmentId}`;
    const path = /^[\w.-]+$/.test(name) ? name : `'${name.replace(/'/g, "'\\''")}'`;
    lines.push(
      `  An attachment: ${name} (${n(file.sizeBytes)} bytes, ${file.mimeType}, sha256 ${file.sha256.slice(0, 12)}…):`,
      `    ${color.cyan(`npx hostaway-sync attachments get ${file.attachmentId} -o ${path}`)}`,
    );
  }
  return lines.length === 0 ? [] : [...lines, ''];
}

// Short enough to copy from an ordinary terminal without wrapping much.
const EXAMPLES = [
  'select status, count(*) from hostaway.reservation_summary group by 1',
  "select currency, sum(total_price) from hostaway.reservation_summary where status <> 'cancelled' group by 1",
  'select guest_name, arrival_date, nights, guests from hostaway.reservation_summary order by updated_on desc limit 5',
  'select name, city, bedrooms, capacity, timezone from hostaway.listing_summary limit 5',
  'select guest_name, message_count, last_message_at from hostaway.thread_summary where awaiting_reply limit 5',
  "select raw_payload->>'guestName', raw_payload->>'doorCode' from hostaway.reservations limit 3",
];

/** "Try it": where the data is and a few queries, shell-quoted for copying. */
export function formatTryIt(report: DemoReport, color: ChalkInstance, dataDir: string | undefined): string {
  const where =
    report.databaseKind === 'pglite'
      ? `The data stays in ${dataDir ?? 'the embedded database'}. Ask it:`
      : 'The data stays on your server. Ask it here, or with psql "$DATABASE_URL":';
  return [
    color.bold('Try it'),
    `  ${where}`,
    ...EXAMPLES.map((query) => `  ${color.cyan(`npx hostaway-sync sql "${query}"`)}`),
    ...wrapWords(`Typed views (schema hostaway): ${QUERY_VIEWS.join(', ')}.`, 76).map((l) => `  ${l}`),
    '  The tables keep each payload exactly as Hostaway sent it',
    '  (raw_payload, raw_conversation, raw_messages).',
    '',
  ].join('\n');
}

/** Words joined into lines of at most `width` characters. */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}
