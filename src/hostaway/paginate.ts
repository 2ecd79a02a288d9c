import { HostawayApiError } from '../errors.js';
import type { AccountApi } from './client.js';
import type { HostawayEnvelope } from './types.js';

export interface Page<T> {
  items: T[];
  /** Total reported by Hostaway for the whole list, when the endpoint reports one. */
  total: number | undefined;
}

export const PAGE_SIZE = 100;

type Params = Record<string, string | number>;

/**
 * limit + offset paging (never `page`, which Hostaway does not document). Stops at `count` when the
 * endpoint reports it, else at a short or empty page. A short page before `count` is reached is not the
 * end: Hostaway silently caps `limit`, so the next offset is simply where this page ended.
 */
export async function* paginateByOffset<T>(
  api: AccountApi,
  path: string,
  params: Params = {},
): AsyncGenerator<Page<T>> {
  let offset = 0;
  for (;;) {
    const envelope = await api.get<T[]>(path, { ...params, limit: PAGE_SIZE, offset });
    const items = resultArray(envelope, path);
    const total = totalOf(envelope);
    if (items.length > 0) yield { items, total };
    offset += items.length;
    if (items.length === 0) return;
    if (total !== undefined ? offset >= total : items.length < PAGE_SIZE) return;
  }
}

/**
 * Cursor paging with `afterId` (reservations; `offset` is deprecated there since 2026-03-31): each page
 * starts after the last id of the previous one in the server's sort order, until a page comes back empty,
 * or the reported total has been read, or (without a total) a page is short.
 */
export async function* paginateByAfterId<T extends { id: number }>(
  api: AccountApi,
  path: string,
  params: Params = {},
): AsyncGenerator<Page<T>> {
  let afterId: number | undefined;
  let seen = 0;
  for (;;) {
    const query: Params = { ...params, limit: PAGE_SIZE };
    if (afterId !== undefined) query.afterId = afterId;
    const envelope = await api.get<T[]>(path, query);
    const items = resultArray(envelope, path);
    const total = totalOf(envelope);
    if (items.length === 0) return;
    yield { items, total };
    seen += items.length;
    const last = items[items.length - 1]!.id;
    if (typeof last !== 'number' || last === afterId) return; // a cursor that does not advance would loop
    afterId = last;
    if (total !== undefined ? seen >= total : items.length < PAGE_SIZE) return;
  }
}

function resultArray<T>(envelope: HostawayEnvelope<T[]>, path: string): T[] {
  if (envelope === null || typeof envelope !== 'object' || !Array.isArray(envelope.result)) {
    throw new HostawayApiError(`Hostaway sent a list response without a result array for ${path}`, { path });
  }
  return envelope.result;
}

function totalOf(envelope: HostawayEnvelope<unknown>): number | undefined {
  const { count } = envelope;
  return typeof count === 'number' && Number.isFinite(count) && count >= 0 ? count : undefined;
}
