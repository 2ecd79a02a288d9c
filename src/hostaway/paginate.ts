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
 * end: Hostaway silently caps `limit`, so the next offset is simply where this page ended. `startOffset`
 * begins further into the list (an empty page there is simply the end).
 */
export async function* paginateByOffset<T>(
  api: AccountApi,
  path: string,
  params: Params = {},
  startOffset = 0,
): AsyncGenerator<Page<T>> {
  let offset = startOffset;
  for (;;) {
    const envelope = await api.get<T[]>(path, { ...params, limit: PAGE_SIZE, offset });
    const items = resultArray(envelope, path);
    const total = totalOf(envelope, path);
    // An empty first page under a positive count is self-contradictory (later pages may shrink: the
    // engine's reconciliation already distrusts a pass that saw fewer rows than reported).
    if (items.length === 0 && offset === 0 && total !== undefined && total > 0) throw endedEarly(path, total);
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
    const total = totalOf(envelope, path);
    // `count` is the whole filtered list, so only a first page can contradict it by being empty.
    if (items.length === 0 && afterId === undefined && total !== undefined && total > 0)
      throw endedEarly(path, total);
    if (items.length === 0) return;
    const last = items[items.length - 1]!.id;
    // A cursor that cannot advance would loop or silently end a list that is not complete.
    if (typeof last !== 'number' || !Number.isSafeInteger(last) || last === afterId)
      throw new HostawayApiError(`Hostaway sent a page of ${path} whose last item has no new id`, { path });
    yield { items, total };
    seen += items.length;
    afterId = last;
    if (total !== undefined ? seen >= total : items.length < PAGE_SIZE) return;
  }
}

const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The page's items; every one must be an object (the resource modules read fields of each). */
function resultArray<T>(envelope: HostawayEnvelope<T[]>, path: string): T[] {
  if (!isObject(envelope) || !Array.isArray(envelope.result)) {
    throw new HostawayApiError(`Hostaway sent a list response without a result array for ${path}`, { path });
  }
  if (!envelope.result.every(isObject)) {
    throw new HostawayApiError(`Hostaway sent a list of ${path} with items that are not objects`, { path });
  }
  return envelope.result;
}

/**
 * `count` when the endpoint reports one (absent or null: it does not). Anything but a non-negative integer
 * is a broken answer: trusting it could end a list early and mark live rows deleted.
 */
function totalOf(envelope: HostawayEnvelope<unknown>, path: string): number | undefined {
  const { count } = envelope as { count?: unknown };
  if (count === undefined || count === null) return undefined;
  const value = typeof count === 'string' && /^\d{1,15}$/.test(count) ? Number(count) : count;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new HostawayApiError(`Hostaway sent an invalid count for ${path}`, { path });
}

function endedEarly(path: string, total: number): HostawayApiError {
  return new HostawayApiError(`Hostaway reported ${total} items of ${path} but sent an empty first page`, {
    path,
  });
}
