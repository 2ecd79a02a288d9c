import stringWidth from 'string-width';
import { RESOURCES } from '../../sync/registry.js';
import type { ResourceResult, RunResult } from '../../sync/types.js';
import type { Runtime } from '../runtime.js';
import { formatTable } from './table.js';

const counts = (r: ResourceResult | undefined) =>
  r ? `${r.fetched} (+${r.inserted} ~${r.updated} =${r.unchanged}${r.failed ? ` !${r.failed}` : ''})` : '-';

const CORE = new Set(RESOURCES.filter((r) => r.core).map((r) => r.name));
const HEADERS = [
  'ACCOUNT',
  'STATUS',
  'LISTINGS',
  'RESERVATIONS',
  'THREADS',
  'OTHER RESOURCES',
  'REQUESTS',
  '429',
  'TIME',
];

/** The optional resources that ran: how many, what they wrote, how many failed. */
function optional(r: RunResult): string {
  const ran = Object.entries(r.resources).filter(([name]) => !CORE.has(name));
  if (ran.length === 0) return '-';
  const sum = (pick: (x: ResourceResult) => number) => ran.reduce((total, [, x]) => total + pick(x), 0);
  const failed = ran.filter(([, x]) => x.status === 'failed').length;
  const unavailable = ran.filter(([, x]) => x.status === 'unavailable').length;
  const marks = `${failed ? ` !${failed}` : ''}${unavailable ? ` ?${unavailable}` : ''}`;
  return `${ran.length} (+${sum((x) => x.inserted)} ~${sum((x) => x.updated)}${marks})`;
}

/**
 * One block per account, for a terminal too narrow for the table: a row would wrap in the middle of a cell.
 * `10001  succeeded  2153 requests, 12 429, 1394.2s` then one line per column.
 */
function formatBlocks(rows: (string | number)[][]): string {
  return rows
    .map(([account, status, ...cells]) => {
      const head = `${account}  ${status}  ${cells[4]} requests, ${cells[5]} 429, ${cells[6]}`;
      const body = HEADERS.slice(2, 6).map((header, i) => `  ${header.toLowerCase().padEnd(16)}${cells[i]}`);
      return [head, ...body].join('\n') + '\n';
    })
    .join('');
}

/**
 * The closing table: per account, what each resource fetched and wrote, requests and time. On a terminal
 * narrower than the table, one block per account instead.
 */
export function formatSyncSummary(
  runtime: Pick<Runtime, 'color'> & { io: Pick<Runtime['io'], 'stderr'> },
  results: readonly RunResult[],
): string {
  const { color } = runtime;
  const paint = (status: string) =>
    status === 'succeeded'
      ? color.green(status)
      : status === 'partial' || status === 'skipped'
        ? color.yellow(status)
        : color.red(status);
  const rows = results.map((r) => [
    r.accountId,
    paint(r.status),
    counts(r.resources.listings),
    counts(r.resources.reservations),
    counts(r.resources.threads),
    optional(r),
    r.apiRequests,
    r.rateLimited,
    `${(r.durationMs / 1000).toFixed(1)}s`,
  ]);
  const table = formatTable(HEADERS, rows);
  const columns = runtime.io.stderr.columns ?? 80;
  const fits = table.split('\n').every((line) => stringWidth(line) <= columns);
  const legend = color.dim(
    'fetched (+inserted ~updated =unchanged !failed)\n' +
      'other resources: how many ran (+inserted ~updated !failed ?unavailable)\n',
  );
  const errors = results
    .filter((r) => r.error)
    .map((r) => `${color.red('✖')} ${r.accountId}: ${r.error!.message}\n`)
    .join('');
  return `\n${fits ? table : formatBlocks(rows)}${legend}${errors}`;
}
