import { RESOURCES } from '../../sync/registry.js';
import type { ResourceResult, RunResult } from '../../sync/types.js';
import type { Runtime } from '../runtime.js';
import { formatTable } from './table.js';

const counts = (r: ResourceResult | undefined) =>
  r ? `${r.fetched} (+${r.inserted} ~${r.updated} =${r.unchanged}${r.failed ? ` !${r.failed}` : ''})` : '-';

const CORE = new Set(RESOURCES.filter((r) => r.core).map((r) => r.name));

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

/** The closing table: per account, what each resource fetched and wrote, requests and time. */
export function formatSyncSummary(runtime: Runtime, results: readonly RunResult[]): string {
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
  const table = formatTable(
    [
      'ACCOUNT',
      'STATUS',
      'LISTINGS',
      'RESERVATIONS',
      'THREADS',
      'OTHER RESOURCES',
      'REQUESTS',
      '429',
      'TIME',
    ],
    rows,
  );
  const legend = color.dim(
    'fetched (+inserted ~updated =unchanged !failed); other resources: how many ran (+inserted ~updated !failed ?unavailable)\n',
  );
  const errors = results
    .filter((r) => r.error)
    .map((r) => `${color.red('✖')} ${r.accountId}: ${r.error!.message}\n`)
    .join('');
  return `\n${table}${legend}${errors}`;
}
