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

/** What a pass knows about the page size Hostaway applies, which may be below the `limit` asked for. */
interface PageSizeEvidence {
  /** The `limit` the answer echoes, when it is below `PAGE_SIZE`: the cap the server applied. */
  echoedCap: number | undefined;
  /** The longest page of this pass before the current one: the applied limit is at least this. */
  longestEarlier: number;
}

/**
 * Whether a page without `count` ends the list. Hostaway silently caps `limit` and echoes the request
 * rather than the cap, so a page shorter than `PAGE_SIZE` only ends the list when it is also shorter than
 * the applied limit as far as it is known: the cap an answer echoes, or a longer page earlier in the pass.
 * Otherwise the next offset is read, and an empty page ends the list.
 */
export function isLastPageWithoutCount(length: number, evidence: PageSizeEvidence): boolean {
  if (length === 0) return true;
  if (evidence.echoedCap !== undefined) return length < evidence.echoedCap;
  return length < Math.min(PAGE_SIZE, evidence.longestEarlier);
}

/** The `limit` an answer echoes when it is a positive integer below what was asked (the applied cap). */
function echoedCap(envelope: HostawayEnvelope<unknown>): number | undefined {
  const { limit } = envelope as { limit?: unknown };
  return typeof limit === 'number' && Number.isSafeInteger(limit) && limit > 0 && limit < PAGE_SIZE
    ? limit
    : undefined;
}

/**
 * limit + offset paging (never `page`, which Hostaway does not document). Stops at `count` when the
 * endpoint reports it, else at a page proved short (`isLastPageWithoutCount`) or empty. A short page before
 * `count` is reached is not the end: Hostaway silently caps `limit`, so the next offset is simply where this
 * page ended. `startOffset` begins further into the list (an empty page there is simply the end).
 *
 * The list may shift while we page. When a page reports a total `d` smaller than the page before, `d` rows
 * left the list and the rows behind them moved `d` places toward the front: that page is read again from
 * `d` rows earlier, so none is jumped over (some are read twice, which the caller's distinct count absorbs).
 */
export async function* paginateByOffset<T>(
  api: AccountApi,
  path: string,
  params: Params = {},
  startOffset = 0,
): AsyncGenerator<Page<T>> {
  let offset = startOffset;
  let previousTotal: number | undefined;
  let longestEarlier = 0;
  for (;;) {
    const envelope = await api.get<T[]>(path, { ...params, limit: PAGE_SIZE, offset });
    const items = resultArray(envelope, path);
    const total = totalOf(envelope, path);
    // An empty first page under a positive count is self-contradictory.
    if (items.length === 0 && offset === 0 && total !== undefined && total > 0) throw endedEarly(path, total);
    if (items.length > 0) yield { items, total };
    const shrank =
      previousTotal !== undefined && total !== undefined ? Math.max(0, previousTotal - total) : 0;
    previousTotal = total;
    // Rows left the list before this page was served: the `shrank` rows just before it were pushed
    // into the part already read. Read this page again from that many rows earlier.
    if (shrank > 0 && offset > startOffset) {
      offset = Math.max(startOffset, offset - shrank);
      continue;
    }
    offset += items.length;
    if (items.length === 0) return;
    if (total !== undefined) {
      if (offset >= total) return;
    } else if (isLastPageWithoutCount(items.length, { echoedCap: echoedCap(envelope), longestEarlier })) {
      return;
    }
    longestEarlier = Math.max(longestEarlier, items.length);
  }
}

/** How many times one pass may step back to an earlier cursor row before it gives up (and is incomplete). */
const MAX_REANCHORS = 5;

/**
 * Cursor paging with `afterId` (reservations; `offset` is deprecated there since 2026-03-31): each page
 * starts after the last id of the previous one in the server's sort order. It ends at an empty or short
 * page, or once as many distinct ids as the reported total have been read.
 *
 * The cursor row itself may change while we page. Updated, it jumps to the front of `updatedOn DESC` and
 * the next page starts again from the top (only rows already read); deleted, Hostaway answers an unknown
 * `afterId` with an empty page. Either way the pass steps back to the row before it on the last page (a row
 * that has not moved) and goes on from there. A pass that still cannot reach the reported total ends
 * early; the caller sees fewer distinct ids than the total and treats the pass as incomplete.
 */
export async function* paginateByAfterId<T extends { id: number }>(
  api: AccountApi,
  path: string,
  params: Params = {},
): AsyncGenerator<Page<T>> {
  const seen = new Set<number>();
  let anchors: number[] = [];
  let anchorIndex = -1;
  let reanchors = 0;
  let pageSize = 0;
  for (;;) {
    const afterId = anchorIndex >= 0 ? anchors[anchorIndex] : undefined;
    const query: Params = { ...params, limit: PAGE_SIZE };
    if (afterId !== undefined) query.afterId = afterId;
    const envelope = await api.get<T[]>(path, query);
    const items = resultArray(envelope, path);
    const total = totalOf(envelope, path);
    if (items.length === 0 && afterId === undefined && total !== undefined && total > 0)
      throw endedEarly(path, total);
    const ids = items.map((item) => item.id);
    if (!ids.every((id) => typeof id === 'number' && Number.isSafeInteger(id)))
      throw new HostawayApiError(`Hostaway sent a page of ${path} with an item without an integer id`, {
        path,
      });
    const fresh = ids.filter((id) => !seen.has(id)).length;
    const missing = total !== undefined && seen.size < total;
    // After the cursor, only rows already read (the cursor row moved to the front) or nothing although
    // rows are missing (the cursor row vanished): step back to the row before it on the last page.
    // (An empty page after a short one is the end of the list: Hostaway may cap `limit` below ours.)
    const lastWasFull = anchors.length >= pageSize;
    const cursorLost = afterId !== undefined && (items.length > 0 ? fresh === 0 : missing && lastWasFull);
    if (cursorLost) {
      if (items.length > 0) yield { items, total }; // the moved row's new version is among them
      if (anchorIndex <= 0 || reanchors >= MAX_REANCHORS) return;
      anchorIndex -= 1;
      reanchors += 1;
      continue;
    }
    if (items.length === 0) return;
    for (const id of ids) seen.add(id);
    yield { items, total };
    anchors = ids;
    anchorIndex = ids.length - 1;
    pageSize = Math.max(pageSize, ids.length);
    if (total !== undefined ? seen.size >= total : items.length < PAGE_SIZE) return;
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
