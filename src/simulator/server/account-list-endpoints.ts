import {
  AMENITY_LIST,
  BED_TYPE_LIST,
  COUNTRY_MAP,
  CURRENCY_MAP,
  PROPERTY_TYPE_LIST,
  TIMEZONE_MAP,
} from '../data/reference-data.js';
import { resourcesOf } from '../data/resource-lists.js';
import type { ResourceKind } from '../data/resource-store.js';
import { idParam, type AccountContext } from './api-context.js';
import { notFound, success, type ApiResult } from './http-io.js';
import { oneOrNotFound, plainList } from './resource-pages.js';

const rowsOf = (ctx: AccountContext, kind: ResourceKind) => [
  ...resourcesOf(ctx.state.resources, ctx.data, kind).values(),
];

/** Whole lists without paging (none documented): coupons, cancellation policies, message templates, groups. */
export const wholeList =
  (kind: ResourceKind) =>
  (ctx: AccountContext): ApiResult =>
    success(rowsOf(ctx, kind));

/** GET /users (limit/offset, no count) and GET /user/:id (singular, as documented). */
export const listUsers = (ctx: AccountContext): ApiResult => plainList(ctx, rowsOf(ctx, 'users'));
export const getUser = (ctx: AccountContext): ApiResult =>
  oneOrNotFound(resourcesOf(ctx.state.resources, ctx.data, 'users').get(idParam(ctx)));

/** GET /customFields?objectType=reservation|listing|task: limit ≤ 500, envelope status, result. */
export function listCustomFields(ctx: AccountContext): ApiResult {
  const objectType = ctx.query.get('objectType');
  const rows = rowsOf(ctx, 'customFields').filter(
    (row) => objectType === null || objectType === '' || row['objectType'] === objectType,
  );
  return plainList(ctx, rows, 500);
}

/** GET /listingFeeSettings/:listingId: the listing's fee settings (its listingFeeSetting items). */
export function getListingFeeSettings(ctx: AccountContext): ApiResult {
  const listing = ctx.data.listings.get(idParam(ctx));
  if (listing === undefined) return notFound();
  const fees = listing['listingFeeSetting'];
  return success(Array.isArray(fees) ? fees : []);
}

/** Static reference data (same for every account). */
export const REFERENCE_RESULTS: Record<string, unknown> = {
  '/amenities': AMENITY_LIST,
  '/bedTypes': BED_TYPE_LIST,
  '/propertyTypes': PROPERTY_TYPE_LIST,
  '/countries': COUNTRY_MAP,
  '/currencies': CURRENCY_MAP,
  '/timezones': TIMEZONE_MAP,
};

export const referenceList = (path: string) => (): ApiResult => success(REFERENCE_RESULTS[path] ?? []);
