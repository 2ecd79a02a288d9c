import { CONFIG_DEFAULTS } from '../../config.js';
import { fetchConversationPages } from '../../hostaway/resources.js';
import { PAGE_SIZE } from '../../hostaway/paginate.js';
import type { ResourceContext } from '../types.js';
import { createOrderCheck, sweepStart, type ThreadsCursor } from './conversation-listing.js';
import { syncPage } from './thread-batches.js';
import type { Tally } from './thread-tally.js';

/**
 * The rolling sweep after an early stop: `sweepPages` pages from where the last one ended (see `sweepStart`
 * for why that cannot jump over a conversation, and its limit), each synced like a head page. Returns the
 * cursor fields for the next run: the offset after the pages read, or 0 once the list ended; `unsorted`
 * when a swept page was out of order (the reasoning needs the order: the next run lists everything).
 */
export async function sweep(
  ctx: ResourceContext,
  previous: ThreadsCursor,
  head: { end: number; total: number | undefined },
  tally: Tally,
  listedReservations: Set<number>,
): Promise<{ cursor: Pick<ThreadsCursor, 'sweepOffset' | 'sweepTotal'>; unsorted: boolean }> {
  const sweepPages = ctx.settings.conversationSweepPages ?? CONFIG_DEFAULTS.conversationSweepPages;
  if (sweepPages <= 0) return { cursor: {}, unsorted: false };
  const start = sweepStart(previous, head.end, head.total);
  let offset = start;
  let total = head.total;
  let atEnd = true;
  let read = 0;
  if (head.total === undefined || start < head.total) {
    const inOrder = createOrderCheck();
    for await (const page of fetchConversationPages(ctx.api, start)) {
      await syncPage(ctx, page.items, tally, listedReservations);
      read += 1;
      offset += page.items.length;
      total = page.total;
      ctx.progress(tally.counts.fetched, page.total);
      ctx.checkpoint();
      if (!inOrder(page.items)) {
        ctx.logger.warn('a swept conversation page is not newest first; listing everything next run');
        return { cursor: { sweepOffset: 0 }, unsorted: true };
      }
      atEnd = page.total !== undefined ? offset >= page.total : page.items.length < PAGE_SIZE;
      if (atEnd || read >= sweepPages) break;
    }
  }
  const cursor = { sweepOffset: atEnd ? 0 : offset, ...(total === undefined ? {} : { sweepTotal: total }) };
  return { cursor, unsorted: false };
}
