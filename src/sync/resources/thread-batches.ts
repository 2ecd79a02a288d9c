import PQueue from 'p-queue';
import { findUnchangedConversations } from '../../db/sql/unchanged-conversations.js';
import { upsertThreads, type ThreadInput } from '../../db/mirror/upsert-resource.js';
import { AuthError, describeError, InterruptedError } from '../../errors.js';
import { fetchConversationMessages, fetchReservationConversations } from '../../hostaway/resources.js';
import type { AccountApi } from '../../hostaway/client.js';
import type { HostawayConversation, HostawayMessage } from '../../hostaway/types.js';
import type { ResourceContext } from '../types.js';
import { countWritten } from './count-written.js';
import { isGivenUpVersion, type Tally } from './thread-tally.js';
import { toId } from './to-id.js';
import { countMissedGuestMessages } from '../webhook-mode/missed-changes.js';

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

async function syncThreads(ctx: ResourceContext, rows: ThreadInput[], tally: Tally) {
  if (rows.length === 0) return;
  const written = await upsertThreads(ctx.db, { ...ctx.account, rows });
  countWritten(ctx, tally.counts, written);
}

/**
 * Writes a batch of fetched threads (one statement) behind the fetches: it is written while the caller
 * fetches the next batch's messages. Before it starts, the previous batch's write is awaited, so at most one
 * batch waits in memory, writes stay in order, and a failed write fails the batch after it (or the flush).
 */
async function writeBehind(ctx: ResourceContext, rows: ThreadInput[], tally: Tally) {
  await tally.writing;
  tally.writing = syncThreads(ctx, rows, tally);
  tally.writing.catch(ignore); // awaited by the next batch or the flush; this keeps it from being unhandled
}

/** Waits for the thread batch written behind the fetches, if any; rethrows its failure. */
export async function flushThreadWrites(tally: Tally): Promise<void> {
  await tally.writing;
}

const ignore = () => undefined;

/**
 * Fetches the messages of each conversation (a few at a time, under the shared rate limit). A thread that
 * fails is tried once more after the others; if it fails again it is reported, and the rest are kept.
 * Every error is caught inside the queue (an escaped rejection would end the whole process): an auth
 * failure stops the remaining fetches and is rethrown once the queue is idle.
 */
async function fetchThreadsOf(
  api: AccountApi,
  conversations: HostawayConversation[],
  concurrency: number,
): Promise<{ threads: Map<number, HostawayMessage[]>; failed: Map<number, unknown> }> {
  const threads = new Map<number, HostawayMessage[]>();
  let failed = new Map<number, unknown>();
  let stopError: AuthError | InterruptedError | undefined;
  const ids = conversations.map((c) => toId(c.id)).filter((id): id is number => id !== null);
  for (const attempt of [ids, null]) {
    const todo = attempt ?? [...failed.keys()];
    if (todo.length === 0) break;
    failed = new Map();
    const queue = new PQueue({ concurrency });
    for (const id of todo) {
      void queue.add(async () => {
        if (stopError) return void failed.set(id, stopError);
        try {
          threads.set(id, await fetchConversationMessages(api, id));
        } catch (error) {
          if (stopsBatch(error)) stopError ??= error;
          failed.set(id, error);
        }
      });
    }
    await queue.onIdle();
    if (stopError) throw stopError;
  }
  return { threads, failed };
}

/**
 * Which listed conversations are unchanged (the stored thread holds exactly this object) and which need
 * their messages fetched: all of them in a full pass; in an incremental pass those whose listed object
 * differs from the stored one (a new latest message, changed timestamps or embedded reservation) and those
 * of reservations that changed in this run.
 */
async function triage(ctx: ResourceContext, conversations: HostawayConversation[], tally: Tally) {
  const withIds = conversations.filter((c) => toId(c.id) !== null);
  if (ctx.mode === 'full') return { wanted: withIds, allUnchanged: false };
  const unchanged = await findUnchangedConversations(ctx.db, ctx.account.accountId, withIds);
  // An incremental pass counts the given-up version of a thread as unchanged: it costs no request and never
  // stops the listing from ending early. A changed conversation is fetched; reconcile and full retry it too.
  if (ctx.mode === 'incremental')
    for (const c of withIds) if (isGivenUpVersion(tally, c)) unchanged.add(toId(c.id)!);
  const wanted = withIds.filter((c) => {
    const reservationId = toId(c.reservationId);
    return (
      !unchanged.has(toId(c.id)!) || (reservationId !== null && ctx.changedReservations.has(reservationId))
    );
  });
  return { wanted, allUnchanged: unchanged.size === withIds.length };
}

/** Fetches the wanted threads of some listed conversations and writes them; returns the triage. */
export async function syncConversations(
  ctx: ResourceContext,
  conversations: HostawayConversation[],
  tally: Tally,
) {
  const triaged = await triage(ctx, conversations, tally);
  const { threads, failed } = await fetchThreadsOf(ctx.api, triaged.wanted, ctx.threadConcurrency);
  tally.fetchedIds.push(...threads.keys());
  if (ctx.watchWebhooks) {
    await tally.writing; // the stored threads to compare with include the batch written behind
    tally.missedByWebhooks = (tally.missedByWebhooks ?? 0) + (await countMissedGuestMessages(ctx, threads));
  }
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
  const listed = new Map(conversations.map((c) => [toId(c.id), c]));
  for (const [id, error] of failed) {
    tally.failedIds.push(id);
    tally.errors.push(`${id}: ${describeError(error)}`);
    tally.failures.push({ conversationId: id, conversation: listed.get(id)!, error: describeError(error) });
    ctx.logger.warn({ conversationId: id, err: describeError(error) }, 'message thread failed');
  }
  await writeBehind(ctx, rows, tally);
  tally.counts.unchanged += conversations.length - triaged.wanted.length;
  tally.counts.fetched += conversations.length;
  tally.counts.failed = tally.failedIds.length;
  return triaged;
}

/** Conversations of a page or a set of them, syncing them and noting the reservations they belong to. */
export async function syncPage(
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
 * After an early stop: the conversations of reservations changed in this run that the pages read did not
 * list (their embedded reservation changed without moving them to the front), one request each.
 */
export async function syncUnlistedOfChangedReservations(
  ctx: ResourceContext,
  listed: Set<number>,
  tally: Tally,
) {
  const ids = [...ctx.changedReservations].filter((id) => !listed.has(id));
  const found: HostawayConversation[] = [];
  const queue = new PQueue({ concurrency: ctx.threadConcurrency });
  let stopError: AuthError | InterruptedError | undefined;
  for (const id of ids) {
    void queue.add(async () => {
      try {
        found.push(...(await fetchReservationConversations(ctx.api, id)));
      } catch (error) {
        if (stopsBatch(error)) stopError = error;
        tally.errors.push(`reservation ${id}: ${describeError(error)}`);
        ctx.logger.warn(
          { reservationId: id, err: describeError(error) },
          'conversations of a reservation failed',
        );
      }
    });
  }
  await queue.onIdle();
  if (stopError) throw stopError;
  if (found.length > 0) await syncConversations(ctx, found, tally);
}

/** Rejected credentials or a stop end the whole batch: neither is a failure of one thread. */
function stopsBatch(error: unknown): error is AuthError | InterruptedError {
  return error instanceof AuthError || error instanceof InterruptedError;
}
