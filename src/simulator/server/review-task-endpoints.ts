import { resourcesOf } from '../data/resource-lists.js';
import type { HostawayRecord } from '../templates/key-template.js';
import { idParam, type AccountContext } from './api-context.js';
import type { ApiResult } from './http-io.js';
import { intParam } from './pagination.js';
import { countOffsetList, intList, oneOrNotFound, plainList, stringList } from './resource-pages.js';

const REVIEW_SORTS = new Set(['id', 'guestName', 'arrivalDate', 'departureDate']);

function sortReviews(
  rows: HostawayRecord[],
  sortBy: string | null,
  sortOrder: string | null,
): HostawayRecord[] {
  const key = sortBy !== null && REVIEW_SORTS.has(sortBy) ? sortBy : 'id';
  const sign = sortOrder?.toLowerCase() === 'desc' ? -1 : 1;
  const value = (row: HostawayRecord): string | number => (row[key] as string | number | null) ?? '';
  return [...rows].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    const order = x < y ? -1 : x > y ? 1 : 0;
    return sign * (order || (a['id'] as number) - (b['id'] as number));
  });
}

/**
 * GET /reviews: filters reservationId, listingMapIds[], type, statuses[]; sortBy id|guestName|arrivalDate|
 * departureDate with sortOrder asc|desc (default id asc); envelope status, result, count, offset.
 */
export function listReviews(ctx: AccountContext): ApiResult {
  const { query } = ctx;
  let rows = [...resourcesOf(ctx.state.resources, ctx.data, 'reviews').values()];
  const reservationId = intParam(query, 'reservationId');
  if (reservationId !== null) rows = rows.filter((r) => r['reservationId'] === reservationId);
  const listings = intList(query, 'listingMapIds');
  if (listings.length > 0) rows = rows.filter((r) => listings.includes(r['listingMapId'] as number));
  const type = query.get('type');
  if (type !== null && type !== '') rows = rows.filter((r) => r['type'] === type);
  const statuses = stringList(query, 'statuses');
  if (statuses.length > 0) rows = rows.filter((r) => statuses.includes(String(r['status'])));
  return countOffsetList(ctx, sortReviews(rows, query.get('sortBy'), query.get('sortOrder')));
}

export function getReview(ctx: AccountContext): ApiResult {
  return oneOrNotFound(resourcesOf(ctx.state.resources, ctx.data, 'reviews').get(idParam(ctx)));
}

/** GET /tasks: id ASC; filters reservationId, listingMapId, channelId, status; envelope status, result. */
export function listTasks(ctx: AccountContext): ApiResult {
  const { query } = ctx;
  let rows = [...resourcesOf(ctx.state.resources, ctx.data, 'tasks').values()];
  for (const name of ['reservationId', 'listingMapId', 'channelId']) {
    const value = intParam(query, name);
    if (value !== null) rows = rows.filter((r) => r[name] === value);
  }
  const status = query.get('status');
  if (status !== null && status !== '') rows = rows.filter((r) => r['status'] === status);
  return plainList(ctx, rows);
}

export function getTask(ctx: AccountContext): ApiResult {
  return oneOrNotFound(resourcesOf(ctx.state.resources, ctx.data, 'tasks').get(idParam(ctx)));
}
