import type cliProgress from 'cli-progress';
import type { SyncEvent } from '../../sync/types.js';
import type { Runtime } from '../runtime.js';
import { barLabel, formatBarLine } from './bar-line.js';
import type { BarState } from './bar-status.js';

/** Assumed when the terminal does not say how wide it is. */
const DEFAULT_COLUMNS = 80;

interface Bar {
  bar: cliProgress.SingleBar;
  state: BarState;
  /** The account's request totals when the pass started: the bar shows its own share. */
  base: { requests: number; limited: number };
}

/**
 * One bar per account and resource on stderr: items done / total, rate, ETA, the resource's API requests
 * and 429s; while a request waits for the rate budget, it says so. Log lines written while the bars are
 * drawn go above them (through the bars), so a warning never tears them.
 */
export async function createSyncProgress(runtime: Runtime) {
  // Loaded here: only a run watched on a terminal draws bars.
  const { default: cliProgress } = await import('cli-progress');
  const { color } = runtime;
  // Each line is ours, drawn at every frame (so rate, ETA and waits stay current) and fitted to the
  // terminal's width: cli-progress would clip a longer one, cutting off the request counts.
  const multibar = new cliProgress.MultiBar({
    stream: runtime.io.stderr as NodeJS.WritableStream,
    format: (_options, params, payload: { label: string; state: BarState }) =>
      formatBarLine(
        { label: payload.label, progress: params.progress, state: payload.state },
        Date.now(),
        runtime.io.stderr.columns ?? DEFAULT_COLUMNS,
        color,
      ),
    hideCursor: true,
    clearOnComplete: false,
    stopOnComplete: false,
    fps: 5,
  });
  runtime.routeLogs((line) => (multibar.isActive ? multibar.log(line) : runtime.io.stderr.write(line)));
  const bars = new Map<string, Bar>();
  // Per account: its running request totals, its pass in progress, and since when it waits for the budget.
  const totals = new Map<number, { requests: number; limited: number }>();
  const current = new Map<number, Bar>();
  const waitingSince = new Map<number, number>();

  const key = (accountId: number, resource: string) => `${accountId}/${resource}`;
  const draw = (entry: Bar) => {
    const { state } = entry;
    entry.bar.setTotal(Math.max(state.total ?? 0, state.done ?? 0, 1));
    entry.bar.update(state.done ?? 0);
  };

  return {
    onEvent(event: SyncEvent) {
      if (event.type === 'rate.waiting') {
        if (event.waiting) waitingSince.set(event.accountId, Date.now());
        else waitingSince.delete(event.accountId);
        const entry = current.get(event.accountId);
        if (!entry) return;
        entry.state.waitingSince = waitingSince.get(event.accountId);
        draw(entry);
      } else if (event.type === 'resource.started') {
        const base = totals.get(event.accountId) ?? { requests: 0, limited: 0 };
        const state: BarState = {
          done: undefined,
          total: undefined,
          waitingSince: waitingSince.get(event.accountId),
          startedAt: Date.now(),
          requests: 0,
          limited: 0,
          finished: false,
        };
        const bar = multibar.create(1, 0, { label: barLabel(event.accountId, event.resource), state });
        const entry = { bar, state, base };
        bars.set(key(event.accountId, event.resource), entry);
        current.set(event.accountId, entry);
      } else if (event.type === 'resource.page') {
        totals.set(event.accountId, { requests: event.apiRequests, limited: event.rateLimited });
        const entry = bars.get(key(event.accountId, event.resource));
        if (!entry) return;
        Object.assign(entry.state, {
          done: event.done,
          total: event.total,
          leftForNextRun: event.leftForNextRun,
          requests: event.apiRequests - entry.base.requests,
          limited: event.rateLimited - entry.base.limited,
        });
        draw(entry);
      } else if (event.type === 'resource.done') {
        const entry = bars.get(key(event.accountId, event.resource));
        if (!entry) return;
        const { result } = event;
        Object.assign(entry.state, {
          done: result.fetched,
          total: result.fetched,
          finished: true,
          ...(result.requests === undefined ? {} : { requests: result.requests }),
        });
        draw(entry);
        entry.bar.stop();
        if (current.get(event.accountId) === entry) current.delete(event.accountId);
      }
    },
    stop() {
      // A last redraw writes the log lines still held above the bars.
      if (multibar.isActive) multibar.update();
      multibar.stop();
      runtime.routeLogs(undefined);
    },
  };
}
