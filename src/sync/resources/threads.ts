import PQueue from 'p-queue';
import { findReservationsWithStaleThreads } from '../../db/stale-thread-reservations.js';
import { findUnchangedConversations } from '../../db/unchanged-conversations.js';
import { upsertThreads, type ThreadInput } from '../../db/upsert-resource.js';
import { AuthError, describeError } from '../../errors.js';
import {
  fetchConversationMessages,
  fetchConversationPages,
  fetchReservationConversations,
} from '../../hostaway/resources.js';
import type { AccountApi } from '../../hostaway/client.js';
import { PAGE_SIZE } from '../../hostaway/paginate.js';
import type { HostawayConversation, HostawayMessage } from '../../hostaway/types.js';
import {
  addWriteCounts,
  emptyCounts,
  type ResourceContext,
  type ResourceCounts,
  type ResourceResult,
  type ResourceSync,
} from '../types.js';
import {
  createOrderCheck,
  DEFAULT_CONVERSATION_RELIST_HOURS,
  DEFAULT_CONVERSATION_SWEEP_PAGES,
  mayStopListingEarly,
  readThreadsCursor,
  sweepStart,
  type ThreadsCursor,
} from './conversation-listing.js';
import { reportRejected } from './report-rejected.js';
import { toId } from './to-id.js';

/** One thread row: the conversation as listed plus its whole message history, oldest first. */
export function toThreadRow(
  conversation: HostawayConversation,
  messages: HostawayMessage[],
): ThreadInput | null {
  const conversationId = toId(conversation.id);
  if (conversationId === null) return null;
  return {
    conversationId,
    reservationId: toId(conversation.reservationId),
    listingId: toId(conversation.listingMapId),
    conversation,
    messages,
  };
}

export async function syncThreads(ctx: ResourceContext, rows: ThreadInput[]) {
  const written = await upsertThreads(ctx.db, { ...ctx.account, rows });
  reportRejected(ctx, written.rejected);
  return written;
}

/**
 * Fetches the messages of each conversation (a few at a time, under the shared rate limit). A thread that
 * fails is tried once more after the others; if it fails again it is reported, and the rest are kept.
 */
export async function fetchThreadsOf(
  api: AccountApi,
  conversations: HostawayConversation[],
  concurrency: number,
): Promise<{ threads: Map<number, HostawayMessage[]>; failed: Map<number, unknown> }> {
  const threads = new Map<number, HostawayMessage[]>();
  let failed = new Map<number, unknown>();
  const ids = conversations.map((c) => toId(c.id)).filter((id): id is number => id !== null);
  for (const attempt of [ids, null]) {
    const todo = attempt ?? [...failed.keys()];
    if (todo.length === 0) break;
    failed = new Map();
    const queue = new PQueue({ concurrency });
    for (const id of todo) {
      void queue.add(async () => {
        try {
          threads.set(id, await fetchConversationMessages(api, id));
        } catch (error) {
          if (error instanceof AuthError) throw error;
          failed.set(id, error);
        }
      });
    }
    await queue.onIdle();
    // PQueue swallows task rejections into 'error' events; surface an auth failure ourselves.
    for (const error of failed.values()) if (error instanceof AuthError) throw error;
  }
  return { threads, failed };
}

/**
 * Which listed conversations are unchanged (the stored thread holds exactly this object) and which need
 * their messages fetched: all of them in a full pass; in an incremental pass those whose listed object
 * differs from the stored one (a new latest message, changed timestamps or embedded reservation) and those
 * of reservations that changed in this run.
 */
async function triage(ctx: ResourceContext, conversations: HostawayConversation[]) {
  const withIds = conversations.filter((c) => toId(c.id) !== null);
  if (ctx.mode === 'full') return { wanted: conversations, allUnchanged: false };
  const unchanged = await findUnchangedConversations(ctx.db, ctx.account.accountId, withIds);
  const wanted = withIds.filter((c) => {
    const reservationId = toId(c.reservationId);
    return (
      !unchanged.has(toId(c.id)!) || (reservationId !== null && ctx.changedReservations.has(reservationId))
    );
  });
  return { wanted, allUnchanged: unchanged.size === withIds.length };
}

interface Tally {
  counts: ResourceCounts;
  failedIds: number[];
  errors: string[];
  withoutReservation: number;
}

/** Fetches the wanted threads of some listed conversations and writes them; returns the triage. */
async function syncConversations(ctx: ResourceContext, conversations: HostawayConversation[], tally: Tally) {
  const triaged = await triage(ctx, conversations);
  const { threads, failed } = await fetchThreadsOf(ctx.api, triaged.wanted, ctx.threadConcurrency);
  const rows: ThreadInput[] = [];
  for (const conversation of conversations) {
    const id = toId(conversation.id);
    if (id === null) tally.counts.skipped += 1;
    else ctx.seen.add(id);
    if (id !== null && toId(conversation.reservationId) === null) tally.withoutReservation += 1;
    const messages = id === null ? undefined : threads.get(id);
    const row = messages ? toThreadRow(conversation, messages) : null;
    if (row) rows.push(row);
  }
  for (const [id, error] of failed) {
    tally.failedIds.push(id);
    tally.errors.push(`${id}: ${describeError(error)}`);
    ctx.logger.warn({ conversationId: id, err: describeError(error) }, 'message thread failed');
  }
  const written = await syncThreads(ctx, rows);
  addWriteCounts(tally.counts, written);
  tally.counts.skipped += written.rejected.length;
  tally.counts.unchanged += conversations.length - triaged.wanted.length;
  tally.counts.fetched += conversations.length;
  tally.counts.failed = tally.failedIds.length;
  return triaged;
}

/**
 * After an early stop: the conversations of reservations changed in this run that the pages read did not
 * list (their embedded reservation changed without moving them to the front), one request each.
 */
async function syncUnlistedOfChangedReservations(ctx: ResourceContext, listed: Set<number>, tally: Tally) {
  const ids = [...ctx.changedReservations].filter((id) => !listed.has(id));
  const found: HostawayConversation[] = [];
  const queue = new PQueue({ concurrency: ctx.threadConcurrency });
  let authError: AuthError | undefined;
  for (const id of ids) {
    void queue.add(async () => {
      try {
        found.push(...(await fetchReservationConversations(ctx.api, id)));
      } catch (error) {
        if (error instanceof AuthError) authError = error;
        tally.errors.push(`reservation ${id}: ${describeError(error)}`);
        ctx.logger.warn(
          { reservationId: id, err: describeError(error) },
          'conversations of a reservation failed',
        );
      }
    });
  }
  await queue.onIdle();
  if (authError) throw authError;
  if (found.length > 0) await syncConversations(ctx, found, tally);
}

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

/** Conversations of a page or a set of them, syncing them and noting the reservations they belong to. */
async function syncPage(
  ctx: ResourceContext,
  items: HostawayConversation[],
  tally: Tally,
  listedReservations: Set<number>,
) {
  const triaged = await syncConversations(ctx, items, tally);
  for (const c of items) {
    const reservationId = toId(c.reservationId);
    if (reservationId !== null) listedReservations.add(reservationId);
  }
  return triaged;
}

/**
 * The rolling sweep after an early stop: `sweepPages` pages from where the last one ended (see `sweepStart`
 * for why that cannot jump over a conversation, and its limit), each synced like a head page. Returns the
 * cursor fields for the next run: the offset after the pages read, or 0 once the list ended; `unsorted`
 * when a swept page was out of order (the reasoning needs the order: the next run lists everything).
 */
async function sweep(
  ctx: ResourceContext,
  previous: ThreadsCursor,
  head: { end: number; total: number | undefined },
  tally: Tally,
  listedReservations: Set<number>,
): Promise<{ cursor: Pick<ThreadsCursor, 'sweepOffset' | 'sweepTotal'>; unsorted: boolean }> {
  const sweepPages = ctx.conversationSweepPages ?? DEFAULT_CONVERSATION_SWEEP_PAGES;
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
