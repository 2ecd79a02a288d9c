/**
 * The budgets of the figures a machine cannot change (counts, not times): every one in this table, with
 * why it is what it is. `npm run bench` fails listing every figure over its budget; `--smoke` checks the
 * same table, whose limits scale with the account (the API requests of its full sync, 5,160 for the
 * 100 / 5,000 / 5,000 account).
 */

export type Figure =
  'API requests' | 'transactions' | 'transactions per API request' | 'WAL bytes' | 'mirror rows written';

export interface Reading {
  case: string;
  figure: Figure;
  /** null: not measured in this run (e.g. WAL on the embedded database). */
  value: number | null;
}

/** What the limits scale with: the API requests of the account's full sync. */
export interface AccountScale {
  fullSyncRequests: number;
}

export interface Budget {
  /** A case name; a trailing `*` matches any case that starts with the rest. */
  case: string;
  figure: Figure;
  limit: (scale: AccountScale) => number;
  /** The limit as a rule, for the report. */
  rule: string;
  why: string;
}

const perRequest = (base: number, each: number) => (s: AccountScale) =>
  Math.round(base + each * s.fullSyncRequests);

const TRANSACTIONS = {
  figure: 'transactions',
  limit: perRequest(40, 0.05),
  rule: '40 + 0.05 × full-sync requests (298 at 5,160)',
  why:
    'Writes go a page or a batch of threads per transaction and the rate budget is paid per batch, not ' +
    'per request: at most 300 for the 100 / 5,000 / 5,000 account (123 before the database budget).',
} as const;

const RESYNC_WAL = {
  figure: 'WAL bytes',
  limit: perRequest(16_384, 8),
  rule: '16 KiB + 8 B × full-sync requests (56 KiB at 5,160)',
  why:
    'An unchanged run writes no mirror row: its WAL is run records, cursors and the budget, at most ' +
    '60 KB for the 100 / 5,000 / 5,000 account (≤ 0.01 × the original service’s 6 MB), full-page images ' +
    'after the counter’s CHECKPOINT included (6–10 KB of them whatever the size, hence the constant).',
} as const;

const NO_MIRROR_ROWS = {
  figure: 'mirror rows written',
  limit: () => 0,
  rule: '0',
  why: 'Rows are written only when their payload changed; verification is recorded outside the mirror rows.',
} as const;

export const BUDGETS: readonly Budget[] = [
  { case: 'full sync', ...TRANSACTIONS },
  { case: 'unchanged full re-sync', ...TRANSACTIONS },
  { case: 'unchanged full re-sync', ...RESYNC_WAL },
  { case: 'unchanged full re-sync', ...NO_MIRROR_ROWS },
  { case: 'unchanged reconcile', ...RESYNC_WAL },
  { case: 'unchanged reconcile', ...NO_MIRROR_ROWS },
  {
    case: 'idle incremental',
    figure: 'API requests',
    limit: () => 4,
    rule: '4',
    why: '1 listing page + 1 reservation page + 1 conversation page + 1 swept page, whatever the size.',
  },
  { case: 'idle incremental', ...NO_MIRROR_ROWS },
  {
    case: 'idle incremental',
    figure: 'WAL bytes',
    limit: () => 24_576,
    rule: '24 KiB',
    why:
      'A run record, two cursors and the lease renewal of the rate budget: about 4 KB of records, plus a ' +
      'full-page image for each page they touch first after the CHECKPOINT the counter takes (14 KB measured).',
  },
  {
    case: 'idle incremental',
    figure: 'transactions',
    limit: () => 40,
    rule: '40',
    why: 'Start-up checks, the account lock, the run record and 4 requests: a constant.',
  },
  {
    case: 'shared budget, *',
    figure: 'transactions per API request',
    limit: () => 0.1,
    rule: '0.1',
    why:
      'Processes sharing one pool’s budget lease slots in blocks: a transaction buys at least 10 requests, ' +
      'at 1, 2 or 4 processes.',
  },
];

const matches = (pattern: string, name: string) =>
  pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;

/** Every reading over its budget (readings without a budget, or not measured, pass). */
export function checkBudgets(readings: readonly Reading[], scale: AccountScale, budgets = BUDGETS) {
  return readings.flatMap(({ value, ...reading }) =>
    value === null
      ? []
      : budgets
          .filter((b) => b.figure === reading.figure && matches(b.case, reading.case))
          .map((b) => ({ ...reading, value, limit: b.limit(scale), rule: b.rule }))
          .filter((o) => o.value > o.limit),
  );
}

type Overrun = ReturnType<typeof checkBudgets>[number];

export const describeOverrun = (o: Overrun) =>
  `${o.case}: ${o.figure} ${o.value} over its budget ${o.limit} (${o.rule})`;

/** The budget table with this run's readings, as Markdown. */
export function budgetTable(readings: readonly Reading[], scale: AccountScale): string {
  const overrun = new Set(checkBudgets(readings, scale).map((o) => `${o.case}\u0000${o.figure}`));
  const rows = readings.map((r) => {
    const budget = BUDGETS.find((b) => b.figure === r.figure && matches(b.case, r.case));
    const limit = budget ? String(budget.limit(scale)) : '-';
    const verdict =
      r.value === null
        ? 'not measured'
        : !budget
          ? ''
          : overrun.has(`${r.case}\u0000${r.figure}`)
            ? '**over**'
            : 'ok';
    return `| ${r.case} | ${r.figure} | ${r.value ?? '-'} | ${limit} | ${verdict} |`;
  });
  return [
    `Figures the machine cannot change (full sync of this account: ${scale.fullSyncRequests} API requests).`,
    '',
    '| case | figure | value | budget | |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
