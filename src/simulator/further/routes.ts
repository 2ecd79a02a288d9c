import { startOfUtcDay, DAY_MS } from '../core/time.js';
import { idParam, type AccountContext, type ApiEndpoint } from '../server/api-context.js';
import { notFound, success, type ApiResult } from '../server/http-io.js';
import { flagParam, parsePage } from '../server/pagination.js';
import { route, type Route } from '../server/router.js';
import { calendarDays, parseDay } from './calendar.js';
import { financeFieldsOf } from './finance-fields.js';
import { FURTHER_LISTS, isGenerated, type DayRange, type FurtherList } from './lists.js';
import type { HostawayRecord } from '../templates/key-template.js';
import { objectsOf } from './store.js';

/** Days served when the range is open: startDate defaults to the clock's day, endDate to startDate + 364. */
const DEFAULT_CALENDAR_DAYS = 365;

/** Keeps the rows whose field's day lies within the range's parameters (a bad date: 400). */
function inDayRange(ctx: AccountContext, range: DayRange): (row: HostawayRecord) => boolean {
  const bound = (name: string) => {
    const value = ctx.query.get(name);
    if (value === null || value === '') return undefined;
    parseDay(value, name);
    return value;
  };
  const [first, last] = [bound(range.start), bound(range.end)];
  return (row) => {
    const day = String(row[range.field] ?? '').slice(0, 10);
    return (first === undefined || day >= first) && (last === undefined || day <= last);
  };
}

/** A list as its table row says: filtered, projected, paged and enveloped. */
function serveList(ctx: AccountContext, list: FurtherList): ApiResult {
  if (!isGenerated(list)) return success(list.fixed);
  let rows = [...objectsOf(ctx.state.resources, ctx.data, list).values()];
  for (const name of list.filters ?? []) {
    const wanted = ctx.query.get(name);
    if (wanted !== null && wanted !== '') rows = rows.filter((row) => String(row[name]) === wanted);
  }
  for (const range of list.dayRanges ?? []) rows = rows.filter(inDayRange(ctx, range));
  const { listedKeys } = list;
  if (listedKeys !== undefined)
    rows = rows.map((row) => Object.fromEntries(listedKeys.map((k) => [k, row[k]])));
  if (list.paging === undefined || list.paging === 'whole') return success(rows);
  const page = parsePage(ctx.query, Math.min(ctx.state.options.maxLimit, list.maxLimit ?? Infinity));
  const result = rows.slice(page.offset, page.offset + page.limit);
  if (list.paging === 'plain') return success(result);
  return { status: 200, body: { status: 'success', result, count: rows.length, offset: page.offsetEcho } };
}

function serveOne(ctx: AccountContext, list: FurtherList): ApiResult {
  const record = isGenerated(list)
    ? objectsOf(ctx.state.resources, ctx.data, list).get(idParam(ctx))
    : undefined;
  return record === undefined ? notFound() : success(record);
}

/**
 * GET /listings/:id/calendar?startDate&endDate&includeResources: one day object per date, inclusive. Only
 * endDate given: the 365 days up to it. A bad date, endDate before startDate or more than 1096 days: 400.
 */
function getCalendar(ctx: AccountContext): ApiResult {
  const listingId = idParam(ctx);
  if (!ctx.data.listings.has(listingId)) return notFound();
  const day = (name: string) => {
    const value = ctx.query.get(name);
    return value === null || value === '' ? undefined : parseDay(value, name);
  };
  const span = (DEFAULT_CALENDAR_DAYS - 1) * DAY_MS;
  let [startMs, endMs] = [day('startDate'), day('endDate')];
  startMs ??= endMs === undefined ? startOfUtcDay(ctx.state.nowMs()) : endMs - span;
  endMs ??= startMs + span;
  const days = calendarDays(ctx.data, listingId, startMs, endMs, flagParam(ctx.query, 'includeResources'));
  return days === undefined ? notFound() : success(days);
}

/** GET /financeField/:reservationId: its fields, soft-deleted ones included; 404 for an unknown reservation. */
function getFinanceFields(ctx: AccountContext): ApiResult {
  const fields = financeFieldsOf(ctx.data, idParam(ctx));
  return fields === undefined ? notFound() : success(fields);
}

/** GET /listingFeeSettings/:listingId: the listing's `listingFeeSetting` items. */
function getListingFeeSettings(ctx: AccountContext): ApiResult {
  const listing = ctx.data.listings.get(idParam(ctx));
  if (listing === undefined) return notFound();
  const fees = listing['listingFeeSetting'];
  return success(Array.isArray(fees) ? fees : []);
}

const get = (pattern: string, handle: (ctx: AccountContext) => ApiResult): Route<ApiEndpoint> =>
  route(`GET ${pattern}`, { auth: true, handle });

/** The further resources' API routes (relative to /v1; every one needs the token). */
export const FURTHER_ROUTES: readonly Route<ApiEndpoint>[] = [
  ...FURTHER_LISTS.flatMap((list) => [
    get(list.path, (ctx) => serveList(ctx, list)),
    ...(list.detailPath === undefined ? [] : [get(list.detailPath, (ctx) => serveOne(ctx, list))]),
  ]),
  get('/listings/:id/calendar', getCalendar),
  get('/financeField/:reservationId', getFinanceFields),
  get('/listingFeeSettings/:listingId', getListingFeeSettings),
];
