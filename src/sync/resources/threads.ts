import PQueue from 'p-queue';
import { findUnchangedConversations } from '../../db/unchanged-conversations.js';
import { upsertThreads, type ThreadInput } from '../../db/upsert-resource.js';
import { AuthError, describeError } from '../../errors.js';
import { fetchConversationMessages, fetchConversationPages } from '../../hostaway/resources.js';
import type { AccountApi } from '../../hostaway/client.js';
import type { HostawayConversation, HostawayMessage } from '../../hostaway/types.js';
import {
  addWriteCounts,
  emptyCounts,
  type ResourceContext,
  type ResourceResult,
  type ResourceSync,
} from '../types.js';
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
 * Which conversations of a page need their messages fetched: all of them in a full pass; in an incremental
 * pass those whose listed object differs from the stored one (a new latest message, changed timestamps or
 * embedded reservation) and those of reservations that changed in this run.
 */
async function conversationsToFetch(ctx: ResourceContext, page: HostawayConversation[]) {
  if (ctx.mode === 'full') return page;
  const withIds = page.filter((c) => toId(c.id) !== null);
  const unchanged = await findUnchangedConversations(ctx.db, ctx.account.accountId, withIds);
  return withIds.filter((c) => {
    const reservationId = toId(c.reservationId);
    return (
      !unchanged.has(toId(c.id)!) || (reservationId !== null && ctx.changedReservations.has(reservationId))
    );
  });
}

export async function fetchAndSyncThreads(ctx: ResourceContext): Promise<ResourceResult> {
  const counts = emptyCounts();
  const failedIds: number[] = [];
  const errors: string[] = [];
  let withoutReservation = 0;
  let upstreamTotal: number | undefined;
  for await (const page of fetchConversationPages(ctx.api)) {
    const wanted = await conversationsToFetch(ctx, page.items);
    const { threads, failed } = await fetchThreadsOf(ctx.api, wanted, ctx.threadConcurrency);
    const rows: ThreadInput[] = [];
    for (const conversation of page.items) {
      const id = toId(conversation.id);
      if (id === null) counts.skipped += 1;
      else ctx.seen.add(id);
      if (id !== null && toId(conversation.reservationId) === null) withoutReservation += 1;
      const messages = id === null ? undefined : threads.get(id);
      const row = messages ? toThreadRow(conversation, messages) : null;
      if (row) rows.push(row);
    }
    for (const [id, error] of failed) {
      failedIds.push(id);
      errors.push(`${id}: ${describeError(error)}`);
      ctx.logger.warn({ conversationId: id, err: describeError(error) }, 'message thread failed');
    }
    const written = await syncThreads(ctx, rows);
    addWriteCounts(counts, written);
    counts.skipped += written.rejected.length;
    counts.unchanged += page.items.length - wanted.length;
    counts.fetched += page.items.length;
    counts.failed = failedIds.length;
    upstreamTotal = page.total;
    ctx.progress(counts.fetched, page.total);
    ctx.checkpoint();
  }
  const status = failedIds.length === 0 ? 'succeeded' : 'partial';
  const error =
    errors.length > 0 ? `${errors.length} thread(s) failed: ${errors.slice(0, 3).join('; ')}` : undefined;
  return {
    ...counts,
    status,
    failedIds,
    withoutReservation,
    ...(upstreamTotal === undefined ? {} : { upstreamTotal }),
    ...(error ? { error } : {}),
  };
}

export const threadsResource: ResourceSync = { name: 'threads', fetchAndSync: fetchAndSyncThreads };
