import { upsertCalendarDays, type CalendarDayInput } from '../../db/calendar/listing-calendar-repo.js';
import { listLiveListingIds } from '../../db/optional/fan-out-reads.js';
import { HostawayApiError } from '../../errors.js';
import { getUnlessGone } from '../../hostaway/resources.js';
import { addWriteCounts, type ResourceContext, type ResourceResult } from '../types.js';
import { fanOutSettings, MAX_CALENDAR_DAYS } from './fan-out-settings.js';
import { DAY_MS, HOUR_SECONDS } from '../../durations.js';
import type { Resource } from '../resource.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const formatDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The window a pass reads: from `back` days before `now`'s UTC day to `ahead` days after it, inclusive. */
export function calendarWindow(
  now: Date,
  back: number,
  ahead: number,
): { startDate: string; endDate: string } {
  if (back + ahead + 1 > MAX_CALENDAR_DAYS)
    throw new RangeError(`a calendar window holds at most ${MAX_CALENDAR_DAYS} days`);
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return { startDate: formatDay(today - back * DAY_MS), endDate: formatDay(today + ahead * DAY_MS) };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The served days inside the asked range, keyed by their `date`; anything else is skipped. */
function toDays(result: unknown, window: { startDate: string; endDate: string }, path: string) {
  if (!Array.isArray(result))
    throw new HostawayApiError(`Hostaway sent an answer of ${path} without a result array`, { path });
  const items: unknown[] = result;
  const days: CalendarDayInput[] = [];
  for (const item of items) {
    const date = isObject(item) ? item['date'] : undefined;
    if (typeof date === 'string' && DATE.test(date) && date >= window.startDate && date <= window.endDate)
      days.push({ day: date, payload: item as object });
  }
  return { days, fetched: items.length, skipped: items.length - days.length };
}

/**
 * The listing calendar: one request per stored live listing (`GET /listings/{id}/calendar` with an explicit
 * range, since Hostaway documents no default), one row per listing-day, the day object exactly as served.
 * The day has no timestamp, so each pass replaces its window in place, writing only days that changed;
 * days that left the window stay as last seen and are never deletions. A listing marked deleted is not
 * asked about; one Hostaway answers 404 for (deleted since the listings pass) is skipped.
 * `now` picks the window's today (default: when the run started, on the database clock).
 */
export function createCalendarResource(options: { now?: () => Date } = {}): Resource {
  return {
    name: 'calendar',
    core: false,
    endpoint: '/listings/{id}/calendar',
    table: 'listing_calendar',
    key: 'listing + date',
    changes: 'date-range',
    deletion: 'none',
    defaultCadenceSeconds: HOUR_SECONDS,
    requestsPerRun: (size) => size.listings,
    sync: (ctx) => syncCalendar(ctx, options.now?.() ?? ctx.startedAt),
  };
}

export const calendarResource = createCalendarResource();

async function syncCalendar(ctx: ResourceContext, now: Date): Promise<ResourceResult> {
  const settings = fanOutSettings(ctx);
  const window = calendarWindow(now, settings.calendarDaysBack, settings.calendarDaysAhead);
  const listings = await listLiveListingIds(ctx.db, ctx.account.accountId);
  const counts = ctx.counts;
  for (const [index, listingId] of listings.entries()) {
    ctx.checkpoint();
    const path = `/listings/${listingId}/calendar`;
    const served = await fetchCalendar(ctx, path, window);
    if (served !== undefined) {
      const { days, fetched, skipped } = toDays(served, window, path);
      counts.fetched += fetched;
      counts.skipped += skipped;
      addWriteCounts(counts, await upsertCalendarDays(ctx.db, { ...ctx.account, listingId }, days));
    }
    ctx.progress(index + 1, listings.length);
  }
  return { ...counts, status: 'succeeded' };
}

/** One listing's days; undefined when Hostaway no longer knows the listing (404). */
async function fetchCalendar(
  ctx: ResourceContext,
  path: string,
  window: { startDate: string; endDate: string },
): Promise<unknown> {
  const envelope = await getUnlessGone(ctx.api, path, { ...window, includeResources: 0 });
  if (envelope === undefined)
    ctx.logger.info({ path }, 'listing not found upstream; its calendar is left as it was');
  return envelope?.result;
}
