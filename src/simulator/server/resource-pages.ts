import type { HostawayRecord } from '../templates/key-template.js';
import type { AccountContext } from './api-context.js';
import { notFound, success, type ApiResult } from './http-io.js';
import { parsePage } from './pagination.js';

/** A limit/offset page of `rows` (limit default 100, silently capped at maxLimit or the endpoint's cap). */
function pageOf(ctx: AccountContext, rows: readonly unknown[], cap?: number) {
  const page = parsePage(ctx.query, Math.min(ctx.state.options.maxLimit, cap ?? Number.MAX_SAFE_INTEGER));
  return { page, result: rows.slice(page.offset, page.offset + page.limit) };
}

/** Lists documented with `{status, result}` only: no count, so a client stops on a short page. */
export function plainList(ctx: AccountContext, rows: readonly unknown[], cap?: number): ApiResult {
  return success(pageOf(ctx, rows, cap).result);
}

/** Lists documented with `{status, result, count, offset}` (reviews, guest charges). */
export function countOffsetList(ctx: AccountContext, rows: readonly unknown[]): ApiResult {
  const { page, result } = pageOf(ctx, rows);
  return { status: 200, body: { status: 'success', result, count: rows.length, offset: page.offsetEcho } };
}

/** `{status, result}` with one record, or the 404 body. */
export function oneOrNotFound(record: HostawayRecord | undefined): ApiResult {
  return record === undefined ? notFound() : success(record);
}

/** Values of a `name[]` / `name[0]` / `name` array parameter as numbers (non-numbers dropped). */
export function intList(query: URLSearchParams, name: string): number[] {
  const values: string[] = [];
  for (const [key, value] of query) {
    if (key === name || key === `${name}[]` || new RegExp(`^${name}\\[\\d+\\]$`).test(key))
      values.push(...value.split(','));
  }
  return values.filter((v) => /^\d{1,15}$/.test(v.trim())).map((v) => Number(v.trim()));
}

/** Values of a string array parameter (`statuses[]=a&statuses[]=b` or `statuses=a,b`). */
export function stringList(query: URLSearchParams, name: string): string[] {
  const values: string[] = [];
  for (const [key, value] of query) {
    if (key === name || key === `${name}[]` || new RegExp(`^${name}\\[\\d+\\]$`).test(key))
      values.push(...value.split(','));
  }
  return values.map((v) => v.trim()).filter((v) => v !== '');
}
