import { findReservationsWithStaleThreads } from '../../db/stale-thread-reservations.js';
import { fetchConversationPages } from '../../hostaway/resources.js';
import { emptyCounts, type ResourceContext, type ResourceResult, type ResourceSync } from '../types.js';
import {
  createOrderCheck,
  DEFAULT_CONVERSATION_RELIST_HOURS,
  mayStopListingEarly,
  readThreadsCursor,
  type ThreadsCursor,
} from './conversation-listing.js';
import { sweep } from './conversation-sweep.js';
import { syncPage, syncUnlistedOfChangedReservations, type Tally } from './thread-batches.js';

/**
 * Incremental pass: the reservations whose stored thread embeds another version of them (a run wrote them
 * but ended before their threads) count as changed in this run, so their threads are fetched. A thread whose
 * fetch did not clear that (Hostaway still embeds the other version) is not fetched again for the same
 * stored reservation version: the cursor remembers it, so the condition cannot cost requests on every run.
 */
async function addStaleThreadReservations(ctx: ResourceContext, previous: ThreadsCursor) {
  const checked: Record<string, string | null> = {};
  for (const { id, updatedOn } of await findReservationsWithStaleThreads(ctx.db, ctx.account.accountId)) {
    checked[id] = updatedOn;
    if (previous.staleChecked?.[id] !== updatedOn) ctx.changedReservations.add(id);
  }
  return checked;
}

/**
 * A full pass lists every conversation. An incremental pass stops after a page on which every conversation
 * equals the stored one, provided the list has come newest first by `messageSentOn` so far (the order is
 * undocumented: an out-of-order page makes it read everything, and says so once) and the last complete
 * listing is younger than the relist interval. A conversation changed while we page moves to the front,
 * behind us: the next pass sees it. After an early stop it also reads a few pages further into the list, in
 * turn (the rolling sweep), which catches a conversation that changed without moving to the front.
 */
export async function fetchAndSyncThreads(ctx: ResourceContext): Promise<ResourceResult> {
  const tally: Tally = { counts: emptyCounts(), failedIds: [], errors: [], withoutReservation: 0 };
  const startedAt = new Date();
  const previous = readThreadsCursor(ctx.cursor);
  const relistHours = ctx.conversationRelistHours ?? DEFAULT_CONVERSATION_RELIST_HOURS;
  const mayStop =
    ctx.mode === 'incremental' && mayStopListingEarly(ctx.cursor, relistHours, startedAt.getTime());
  const staleChecked = ctx.mode === 'incremental' ? await addStaleThreadReservations(ctx, previous) : {};
  const inOrder = createOrderCheck();
  const listedReservations = new Set<number>();
  let upstreamTotal: number | undefined;
  let headEnd = 0;
  let stoppedEarly = false;
  let orderReported = false;
  for await (const page of fetchConversationPages(ctx.api)) {
    const { allUnchanged } = await syncPage(ctx, page.items, tally, listedReservations);
    headEnd += page.items.length;
    upstreamTotal = page.total;
    ctx.progress(tally.counts.fetched, page.total);
    ctx.checkpoint();
    const ordered = inOrder(page.items);
    if (mayStop && !ordered && !orderReported) {
      orderReported = true;
      ctx.logger.warn('conversations are not listed newest first; reading the whole list');
    }
    if (mayStop && ordered && allUnchanged) {
      stoppedEarly = true;
      break;
    }
  }
  let next: ThreadsCursor = { ...previous, staleChecked };
  if (stoppedEarly) {
    const swept = await sweep(
      ctx,
      previous,
      { end: headEnd, total: upstreamTotal },
      tally,
      listedReservations,
    );
    next = { ...next, ...swept.cursor };
    if (swept.unsorted) delete next.lastCompleteListingAt;
    await syncUnlistedOfChangedReservations(ctx, listedReservations, tally);
  } else {
    next.lastCompleteListingAt = startedAt.toISOString();
  }
  if (Object.keys(staleChecked).length === 0) delete next.staleChecked;
  ctx.setCursor(next);
  const { counts, failedIds, errors, withoutReservation } = tally;
  const status = errors.length === 0 ? 'succeeded' : 'partial';
  const error =
    errors.length > 0 ? `${errors.length} thread(s) failed: ${errors.slice(0, 3).join('; ')}` : undefined;
  return {
    ...counts,
    status,
    failedIds,
    withoutReservation,
    readAll: !stoppedEarly,
    ...(upstreamTotal === undefined ? {} : { upstreamTotal }),
    ...(error ? { error } : {}),
  };
}

export const threadsResource: ResourceSync = { name: 'threads', fetchAndSync: fetchAndSyncThreads };
