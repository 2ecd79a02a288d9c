import PQueue from 'p-queue';
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
  for (const row of rows) ctx.seen.add(row.conversationId);
  return upsertThreads(ctx.db, { ...ctx.account, rows });
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

export async function fetchAndSyncThreads(ctx: ResourceContext): Promise<ResourceResult> {
  const counts = emptyCounts();
  const failedIds: number[] = [];
  const errors: string[] = [];
  let withoutReservation = 0;
  for await (const page of fetchConversationPages(ctx.api)) {
    const { threads, failed } = await fetchThreadsOf(ctx.api, page.items, ctx.threadConcurrency);
    const rows: ThreadInput[] = [];
    for (const conversation of page.items) {
      const id = toId(conversation.id);
      const messages = id === null ? undefined : threads.get(id);
      const row = messages ? toThreadRow(conversation, messages) : null;
      if (row) rows.push(row);
      if (row && row.reservationId === null) withoutReservation += 1;
      if (id === null) counts.skipped += 1;
    }
    for (const [id, error] of failed) {
      failedIds.push(id);
      errors.push(`${id}: ${describeError(error)}`);
      ctx.logger.warn({ conversationId: id, err: describeError(error) }, 'message thread failed');
    }
    addWriteCounts(counts, await syncThreads(ctx, rows));
    counts.fetched += page.items.length;
    counts.failed = failedIds.length;
    ctx.progress(counts.fetched, page.total);
    ctx.checkpoint();
  }
  const status = failedIds.length === 0 ? 'succeeded' : 'partial';
  const error =
    errors.length > 0 ? `${errors.length} thread(s) failed: ${errors.slice(0, 3).join('; ')}` : undefined;
  return { ...counts, status, failedIds, withoutReservation, ...(error ? { error } : {}) };
}

export const threadsResource: ResourceSync = { name: 'threads', fetchAndSync: fetchAndSyncThreads };
