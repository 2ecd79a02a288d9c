import { calendarDays, parseDay } from '../data/calendar.js';
import { startOfUtcDay, DAY_MS } from '../core/time.js';
import { idParam, type AccountContext } from './api-context.js';
import { notFound, success, type ApiResult } from './http-io.js';
import { flagParam } from './pagination.js';

/** Days served when the range is open: startDate defaults to the clock's day, endDate to startDate + 364. */
export const DEFAULT_CALENDAR_DAYS = 365;

/**
 * GET /listings/:id/calendar?startDate&endDate&includeResources: one day object per date, inclusive;
 * `reservations[]` only with includeResources=1. Only endDate given: the 365 days up to it. A bad date,
 * endDate before startDate or more than 1096 days: 400.
 */
export function getCalendar(ctx: AccountContext): ApiResult {
  const listingId = idParam(ctx);
  if (!ctx.data.listings.has(listingId)) return notFound();
  const start = ctx.query.get('startDate');
  const end = ctx.query.get('endDate');
  const span = (DEFAULT_CALENDAR_DAYS - 1) * DAY_MS;
  let startMs = start === null || start === '' ? undefined : parseDay(start, 'startDate');
  let endMs = end === null || end === '' ? undefined : parseDay(end, 'endDate');
  if (startMs === undefined) startMs = endMs === undefined ? startOfUtcDay(ctx.state.nowMs()) : endMs - span;
  endMs ??= startMs + span;
  const days = calendarDays(ctx.data, listingId, startMs, endMs, flagParam(ctx.query, 'includeResources'));
  return days === undefined ? notFound() : success(days);
}
