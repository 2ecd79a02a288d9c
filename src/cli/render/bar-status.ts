import stringWidth from 'string-width';
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
 * request has waited a while) it says what the pass waits for instead of showing empty figures. Narrower
 * than `width` when it can be: it drops the rate, then shortens the wait and what is left for the next run,
 * then drops the ETA; the counts and requests always stay.
 */
export function formatBarStatus(state: BarState, now: number, width = Infinity): string {
  const tail = `${state.requests} req | ${state.limited} 429`;
  const waitedMs = state.waitingSince === undefined ? undefined : now - state.waitingSince;
  const fitting = (...candidates: string[][]) =>
    candidates.map((parts) => [...parts, tail].join(' | ')).find((text) => stringWidth(text) <= width) ??
    [...candidates.at(-1)!, tail].join(' | ');
  if (state.done === undefined) {
    const waiting = waitedMs !== undefined;
    return fitting(
      [waiting ? 'waiting for the rate budget' : 'reading the first page'],
      [waiting ? 'waiting' : 'first page'],
      [],
    );
  }
  const total = Math.max(state.total ?? state.done, state.done);
  const counts = `${state.done}/${total}`;
  const left = state.leftForNextRun;
  const long = left ? `${counts} (${left} left for next run)` : counts;
  const short = left ? `${counts} (+${left} next run)` : counts;
  if (state.finished) return fitting([long], [short], [counts]);
  if (waitedMs !== undefined && waitedMs >= WAIT_SHOWN_AFTER_MS)
    return fitting(
      [long, 'waiting for the rate budget'],
      [long, 'waiting'],
      [short, 'waiting'],
      [short],
      [counts],
    );
  const rate = state.done / Math.max(0.001, (now - state.startedAt) / 1000);
  const eta = `ETA ${
    state.total === undefined || rate <= 0 ? '-' : formatDuration(((total - state.done) / rate) * 1000)
  }`;
  return fitting([long, `${Math.round(rate)}/s`, eta], [long, eta], [short, eta], [short], [counts]);
}
