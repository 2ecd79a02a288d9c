import { formatDuration } from '../../durations.js';

/** A wait for the rate budget shorter than this is the ordinary pacing at the limit, not news. */
export const WAIT_SHOWN_AFTER_MS = 1_000;

/** Where one resource's pass stands, as its progress bar tells it. */
export interface BarState {
  /** Items done so far; undefined until the first page arrived. */
  done: number | undefined;
  total: number | undefined;
  /** Items a per-run cap leaves for later runs (attachments). */
  leftForNextRun?: number;
  /** Since when a request of the account waits for the rate budget (undefined: none waits). */
  waitingSince: number | undefined;
  startedAt: number;
  requests: number;
  limited: number;
  finished: boolean;
}

/**
 * The text after the bar: `120/2000 | 35/s | ETA 54s | 12 req | 0 429`; before the first page (or when a
 * request has waited a while) it says what the pass waits for instead of showing empty figures.
 */
export function formatBarStatus(state: BarState, now: number): string {
  const tail = `${state.requests} req | ${state.limited} 429`;
  const waitedMs = state.waitingSince === undefined ? undefined : now - state.waitingSince;
  if (state.done === undefined) {
    const why = waitedMs === undefined ? 'reading the first page' : 'waiting for the rate budget';
    return `${why} | ${tail}`;
  }
  const total = Math.max(state.total ?? state.done, state.done);
  const left = state.leftForNextRun ? ` (${state.leftForNextRun} left for next run)` : '';
  const counts = `${state.done}/${total}${left}`;
  if (state.finished) return `${counts} | ${tail}`;
  if (waitedMs !== undefined && waitedMs >= WAIT_SHOWN_AFTER_MS)
    return `${counts} | waiting for the rate budget | ${tail}`;
  const rate = state.done / Math.max(0.001, (now - state.startedAt) / 1000);
  const eta =
    state.total === undefined || rate <= 0 ? '-' : formatDuration(((total - state.done) / rate) * 1000);
  return `${counts} | ${Math.round(rate)}/s | ETA ${eta} | ${tail}`;
}
