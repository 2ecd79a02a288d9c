import { clearThreadFailures, recordThreadFailures } from '../../db/threads/thread-failures-repo.js';
import { listThreadsToVerify, markThreadsVerified } from '../../db/threads/thread-verification.js';
import type { HostawayConversation } from '../../hostaway/types.js';
import type { ResourceContext } from '../types.js';
import { isGivenUp, syncConversations, type Tally } from './thread-batches.js';

/** Threads a reconcile pass re-reads in full by default, oldest verified first. */
export const DEFAULT_VERIFY_THREADS_PER_RUN = 10;

/** Runs in a row a failing thread is retried by incremental passes (reconcile and full always retry). */
export const DEFAULT_THREAD_MAX_ATTEMPTS = 3;

/**
 * Incremental pass: threads that failed in earlier runs and were not on the pages read are retried from
 * the conversation stored with the failure (one messages request each), until they reach the attempt limit.
 */
export async function retryFailedThreads(
  ctx: ResourceContext,
  tally: Tally,
  failures: Map<number, { conversation: Record<string, unknown> }>,
) {
  const attempted = new Set([...tally.fetchedIds, ...tally.failures.map((f) => f.conversationId)]);
  const due = [...failures].filter(([id]) => !attempted.has(id) && !isGivenUp(tally, id));
  if (due.length === 0) return;
  const conversations = due.map(([, failure]) => failure.conversation as HostawayConversation);
  await syncConversationsAgain(ctx, conversations, tally);
}

/**
 * Reconcile pass: the rolling deep verification. Besides the threads whose listed conversation changed,
 * `limit` stored threads verified longest ago have their messages read again, so a change the listing
 * cannot show (an edited older message) is found within `threads ÷ limit` reconcile runs.
 */
export async function verifyOldestThreads(ctx: ResourceContext, tally: Tally, limit: number) {
  await markThreadsVerified(ctx.db, ctx.account.accountId, tally.fetchedIds);
  const oldest = await listThreadsToVerify(ctx.db, ctx.account.accountId, limit);
  const fetched = new Set(tally.fetchedIds);
  const todo = oldest.filter((t) => !fetched.has(t.conversationId));
  if (todo.length === 0) return 0;
  const before = tally.fetchedIds.length;
  await syncConversationsAgain(
    ctx,
    todo.map((t) => t.conversation as HostawayConversation),
    tally,
  );
  return tally.fetchedIds.length - before;
}

/** Fetches these conversations' messages whatever the stored row says, as a full pass would. */
async function syncConversationsAgain(
  ctx: ResourceContext,
  conversations: HostawayConversation[],
  tally: Tally,
) {
  const counts = { ...tally.counts };
  await syncConversations({ ...ctx, mode: 'full' }, conversations, tally);
  // They were counted when listed: only the writes of this second look add to the counts.
  tally.counts.fetched = counts.fetched;
}

/** After a pass: failures recorded per thread (attempts + 1), fetched threads cleared and marked verified. */
export async function recordThreadOutcomes(ctx: ResourceContext, tally: Tally) {
  const { accountId } = ctx.account;
  const failed = new Set(tally.failures.map((f) => f.conversationId));
  const recovered = tally.fetchedIds.filter((id) => tally.earlierFailures.has(id) && !failed.has(id));
  await recordThreadFailures(ctx.db, accountId, tally.failures);
  await clearThreadFailures(ctx.db, accountId, recovered);
  await markThreadsVerified(ctx.db, accountId, tally.fetchedIds);
}
