import { CONFIG_DEFAULTS } from '../../config.js';
import { DAY_MS, SECOND_MS } from '../../durations.js';
import type { ResourceContext } from '../types.js';

/**
 * The dates a frequent pass of a list reads instead of the whole list: the objects whose `field` lies from
 * `daysBack` days before today to `daysAhead` days after (UTC days, both included), asked of Hostaway with
 * two query parameters (`departureDateStart` / `departureDateEnd` of reviews). For lists whose objects
 * change only around a date of their own (a review after its stay, a task around its time); the complete
 * pass, every `HOSTAWAY_COMPLETE_LIST_SECONDS`, reads what the window leaves out. Paged lists only.
 */
export interface ListWindow {
  /** The objects' date field the parameters bound. */
  field: string;
  /** Query parameters of the first and the last day (`YYYY-MM-DD`). */
  startParam: string;
  endParam: string;
  daysBack: number;
  daysAhead: number;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The window's first and last day (`YYYY-MM-DD`, UTC) around `now`. */
export function windowDays(window: ListWindow, now: Date): { start: string; end: string } {
  return {
    start: day(now.getTime() - window.daysBack * DAY_MS),
    end: day(now.getTime() + window.daysAhead * DAY_MS),
  };
}

/** The query parameters that ask Hostaway for the window around `now`. */
export function windowParams(window: ListWindow, now: Date): Record<string, string> {
  const { start, end } = windowDays(window, now);
  return { [window.startParam]: start, [window.endParam]: end };
}

/** What a windowed resource keeps as its cursor: when its last complete pass started. */
interface WindowCursor {
  completeAt: string;
}

export const completePassCursor = (startedAt: Date): WindowCursor => ({
  completeAt: startedAt.toISOString(),
});

function lastCompleteAt(cursor: unknown): number | undefined {
  if (typeof cursor !== 'object' || cursor === null) return undefined;
  const at = (cursor as Partial<WindowCursor>).completeAt;
  const ms = typeof at === 'string' ? Date.parse(at) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A windowed list is read whole on `sync full`, when it never was, and once its last complete pass is
 * `HOSTAWAY_COMPLETE_LIST_SECONDS` old (measured from run start to run start on the database clock);
 * every other pass reads the window only.
 */
export function isCompletePassDue(ctx: Pick<ResourceContext, 'mode' | 'cursor' | 'startedAt' | 'settings'>) {
  const last = lastCompleteAt(ctx.cursor);
  if (ctx.mode === 'full' || last === undefined) return true;
  const seconds = ctx.settings.completeListSeconds ?? CONFIG_DEFAULTS.completeListSeconds;
  return ctx.startedAt.getTime() - last >= seconds * SECOND_MS;
}
