import { readNumber } from '../data/account-data.js';
import { reservationView, sortedReservations } from '../data/views.js';
import type { HostawayRecord } from '../templates/key-template.js';
import { idParam, type AccountContext } from './api-context.js';
import { notFound, success, type ApiResult } from './http-io.js';
import { countEnvelope, flagParam, intParam, parsePage } from './pagination.js';

/**
 * GET /reservations: default order updatedOn DESC, id DESC (see views.ts for sortOrder). `afterId` starts
 * after that reservation in the current order and ignores offset; an unknown afterId gives an empty page.
 * `count` is the number of rows matching the filter.
 */
export function listReservations(ctx: AccountContext): ApiResult {
  const { query, data } = ctx;
  const page = parsePage(query, ctx.state.options.maxLimit);
  let rows = sortedReservations(data, query.get('sortOrder'));
  const listingId = intParam(query, 'listingId');
  if (listingId !== null) rows = rows.filter((row) => row['listingMapId'] === listingId);
  const result = afterIdPage(rows, query, page.offset, page.limit);
  const includeResources = flagParam(query, 'includeResources');
  const views = result.map((row) => reservationView(data, row, includeResources));
  return { status: 200, body: countEnvelope(views, rows.length, page) };
}

function afterIdPage(
  rows: HostawayRecord[],
  query: URLSearchParams,
  offset: number,
  limit: number,
): HostawayRecord[] {
  if (!query.has('afterId')) return rows.slice(offset, offset + limit);
  const afterId = intParam(query, 'afterId');
  const index = afterId === null ? -1 : rows.findIndex((row) => readNumber(row, 'id') === afterId);
  return index === -1 ? [] : rows.slice(index + 1, index + 1 + limit);
}

/** GET /reservations/:id (same shape as a list item; includeResources honoured). */
export function getReservation(ctx: AccountContext): ApiResult {
  const reservation = ctx.data.reservations.get(idParam(ctx));
  if (reservation === undefined) return notFound();
  return success(reservationView(ctx.data, reservation, flagParam(ctx.query, 'includeResources')));
}
