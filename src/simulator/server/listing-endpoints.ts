import { readNumber } from '../data/account-data.js';
import { idParam, type AccountContext } from './api-context.js';
import { notFound, success, type ApiResult } from './http-io.js';
import { countEnvelope, parsePage } from './pagination.js';

/** GET /listings: id ASC; envelope status, result, count, limit, offset. */
export function listListings(ctx: AccountContext): ApiResult {
  const page = parsePage(ctx.query, ctx.state.options.maxLimit);
  const all = [...ctx.data.listings.values()].sort((a, b) => readNumber(a, 'id') - readNumber(b, 'id'));
  const result = all.slice(page.offset, page.offset + page.limit);
  return { status: 200, body: countEnvelope(result, all.length, page) };
}

/** GET /listings/:id */
export function getListing(ctx: AccountContext): ApiResult {
  const listing = ctx.data.listings.get(idParam(ctx));
  return listing === undefined ? notFound() : success(listing);
}
