import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chalk } from 'chalk';
import stringWidth from 'string-width';
import { barLabel, formatBarLine } from '../../src/cli/render/bar-line.js';
import { formatBarStatus, type BarState } from '../../src/cli/render/bar-status.js';
import { formatSyncSummary } from '../../src/cli/render/sync-summary.js';
import { RESOURCES } from '../../src/sync/registry.js';
import { emptyCounts, type ResourceResult, type RunResult } from '../../src/sync/types.js';

const resource = (fetched: number, inserted: number): ResourceResult => ({
  ...emptyCounts(),
  fetched,
  inserted,
  unchanged: fetched - inserted,
  status: 'succeeded',
});

const run = (accountId: number): RunResult => ({
  accountId,
  mode: 'full',
  status: 'succeeded',
  runId: 1,
  startedAt: '2026-03-01T10:00:00.000Z',
  durationMs: 1_394_200,
  apiRequests: 2_153,
  rateLimited: 12,
  rateLimitWaitMs: 0,
  resources: {
    listings: resource(50, 50),
    reservations: resource(20_000, 19_990),
    threads: resource(20_000, 2_000),
    calendar: resource(18_250, 18_250),
  },
});

const summaryAt = (columns: number) =>
  formatSyncSummary(
    { color: new Chalk({ level: 0 }), io: { stderr: { write: () => true, isTTY: true, columns } } },
    [run(10001), run(123456)],
  );

describe('sync output on a terminal', () => {
  it('the summary fits an 80-column terminal: no line wraps, every figure shown', () => {
    const text = summaryAt(80);
    for (const line of text.split('\n'))
      assert.ok(stringWidth(line) <= 80, `${stringWidth(line)} columns: ${line}`);
    for (const figure of ['10001', '123456', '20000 (+19990 ~0 =10)', '20000 (+2000 ~0 =18000)', '2153'])
      assert.ok(text.includes(figure), `${figure} missing:\n${text}`);
  });

  it('a wide terminal keeps one table row per account', () => {
    const rows = summaryAt(200)
      .split('\n')
      .filter((line) => /^ *(10001|123456) /.test(line));
    assert.equal(rows.length, 2);
    assert.match(rows[0]!, /succeeded.*50 \(\+50 ~0 =0\).*2153/);
  });

  it('a bar says when it waits for the rate budget instead of showing empty figures', () => {
    const state: BarState = {
      done: undefined,
      total: undefined,
      waitingSince: 1_000,
      startedAt: 0,
      requests: 0,
      limited: 0,
      finished: false,
    };
    assert.equal(formatBarStatus(state, 1_010), 'waiting for the rate budget | 0 req | 0 429');
    assert.equal(
      formatBarStatus({ ...state, waitingSince: undefined }, 1_010),
      'reading the first page | 0 req | 0 429',
    );
    const paging = { ...state, done: 200, total: 2_000, requests: 3, startedAt: 0 };
    // A short wait is the ordinary pacing at the limit; a long one is news.
    assert.equal(
      formatBarStatus({ ...paging, waitingSince: 9_500 }, 10_000),
      '200/2000 | 20/s | ETA 1m 30s | 3 req | 0 429',
    );
    assert.equal(
      formatBarStatus({ ...paging, waitingSince: 5_000 }, 10_000),
      '200/2000 | waiting for the rate budget | 3 req | 0 429',
    );
  });

  it('a capped pass says how much it leaves for the next run', () => {
    const state: BarState = {
      done: 500,
      total: 500,
      leftForNextRun: 275,
      waitingSince: undefined,
      startedAt: 0,
      requests: 4,
      limited: 0,
      finished: true,
    };
    assert.equal(formatBarStatus(state, 10_000), '500/500 (275 left for next run) | 4 req | 0 429');
  });

  it('every progress line of every resource fits an 80-column terminal, counts and requests kept', () => {
    const now = 100_000;
    const base = { startedAt: 0, finished: false, waitingSince: undefined, leftForNextRun: undefined };
    const states: BarState[] = [
      { ...base, done: undefined, total: undefined, requests: 0, limited: 0 },
      { ...base, done: undefined, total: undefined, waitingSince: 0, requests: 12_345, limited: 678 },
      { ...base, done: 1_234_567, total: 9_999_999, requests: 99_999, limited: 9_999 },
      { ...base, done: 12_345, total: 48_000, leftForNextRun: 35_655, requests: 12_345, limited: 12 },
      {
        ...base,
        done: 12_345,
        total: 48_000,
        leftForNextRun: 35_655,
        waitingSince: 0,
        requests: 99_999,
        limited: 99,
      },
      {
        ...base,
        done: 48_000,
        total: 48_000,
        leftForNextRun: 35_655,
        finished: true,
        requests: 99_999,
        limited: 99,
      },
    ];
    const color = new Chalk({ level: 3 });
    for (const { name } of RESOURCES)
      for (const accountId of [10001, 1_234_567])
        for (const state of states) {
          const line = formatBarLine(
            { label: barLabel(accountId, name), progress: 0.3, state },
            now,
            80,
            color,
          );
          assert.ok(stringWidth(line) <= 80, `${stringWidth(line)} columns: ${line}`);
          const counts = state.done === undefined ? '' : `${state.done}/${state.total}`;
          for (const figure of [
            String(accountId),
            name,
            counts,
            `${state.requests} req | ${state.limited} 429`,
          ])
            assert.ok(line.includes(figure), `${figure} missing: ${line}`);
        }
  });

  it('a wide terminal shows the whole status', () => {
    const state: BarState = {
      done: 12,
      total: 48,
      leftForNextRun: 36,
      waitingSince: undefined,
      startedAt: 0,
      requests: 6,
      limited: 0,
      finished: false,
    };
    const line = formatBarLine(
      { label: barLabel(10001, 'attachments'), progress: 0.25, state },
      4_000,
      120,
      new Chalk({ level: 0 }),
    );
    assert.match(
      line,
      /^10001 attachments +█{6}░{18} 12\/48 \(36 left for next run\) \| 3\/s \| ETA 12s \| 6 req \| 0 429$/,
    );
  });
});
