import { clearThreadFailures, recordThreadFailures } from '../../db/threads/thread-failures-repo.js';
import { listLiveThreadIds, listStoredConversations } from '../../db/threads/thread-verification.js';
import type { HostawayConversation } from '../../hostaway/types.js';
import { rollingSlice } from './finance-fields.js';
import type { ResourceContext } from '../types.js';
import { syncConversations } from './thread-batches.js';
import { toId } from './to-id.js';
import { isGivenUp, type Tally } from './thread-tally.js';

/**
 * Threads that failed in earlier runs and that this pass has not tried yet are retried (one messages request
 * each). An incremental pass retries those not given up, from the conversation stored with the failure; a
 * reconcile pass every one it listed, from the stored thread's conversation (a listed thread it did not try
 * is one whose stored conversation equals the listed one). The others are gone upstream, or wait for a
 * complete listing.
 */
export async function retryFailedThreads(ctx: ResourceContext, tally: Tally) {
  const attempted = new Set([...tally.fetchedIds, ...tally.failedIds]);
  const due = [...tally.earlierFailures].filter(
    ([id]) => !attempted.has(id) && (ctx.mode === 'incremental' ? !isGivenUp(tally, id) : ctx.seen.has(id)),
  );
  if (due.length === 0) return;
  const conversations =
    ctx.mode === 'incremental'
      ? due.map(([, failure]) => failure.conversation)
      : await listStoredConversations(
          ctx.db,
          ctx.account.accountId,
          due.map(([id]) => id),
        );
  await syncConversationsAgain(ctx, conversations as HostawayConversation[], tally);
}

/**
 * Reconcile pass: the rolling deep verification. Besides the threads fetched anyway, the next `limit` live
 * stored threads after `after` in conversation id order (wrapping to the start) have their messages read
 * again, so a change the listing cannot show (an edited older message) is found within `threads ÷ limit`
 * reconcile runs. Returns where the next pass continues: the position is kept in the threads cursor, so
 * verifying writes no mirror row, and a thread that keeps failing never holds the turn of the others.
 */
export async function verifyNextThreads(
  ctx: ResourceContext,
  tally: Tally,
  limit: number,
  after: number,
): Promise<number> {
  const { accountId } = ctx.account;
  const live = await listLiveThreadIds(ctx.db, accountId);
  const slice = rollingSlice(live, after, limit, new Set([...tally.fetchedIds, ...tally.failedIds]));
  const stored = await listStoredConversations(ctx.db, accountId, slice);
  if (stored.length > 0) await syncConversationsAgain(ctx, stored as HostawayConversation[], tally);
  return slice.at(-1) ?? after;
}

/** Fetches these conversations' messages whatever the stored row says, as a full pass would. */
async function syncConversationsAgain(
  ctx: ResourceContext,
  conversations: HostawayConversation[],
  tally: Tally,
) {
  // Those this pass listed were counted then, as unchanged (it did not fetch them): once the second look has
  // counted them by what it wrote, they leave the listing's count, so each thread counts once.
  const listed = conversations.filter((c) => {
    const id = toId(c.id);
    return id !== null && ctx.seen.has(id);
  }).length;
  await syncConversations({ ...ctx, mode: 'full' }, conversations, tally);
  tally.counts.fetched -= listed;
  tally.counts.unchanged -= listed;
}

/**
 * After a pass: failures recorded per thread (attempts + 1, or 1 for a changed conversation), and forgotten
 * for threads fetched now and, after a complete listing, for conversations Hostaway no longer lists.
 */
export async function recordThreadOutcomes(ctx: ResourceContext, tally: Tally) {
  const { accountId } = ctx.account;
  const failed = new Set(tally.failures.map((f) => f.conversationId));
  const fetched = new Set(tally.fetchedIds);
  const settled = [...tally.earlierFailures.keys()].filter(
    (id) => !failed.has(id) && (fetched.has(id) || (tally.listedAll && !ctx.seen.has(id))),
  );
  await recordThreadFailures(ctx.db, accountId, tally.failures);
  await clearThreadFailures(ctx.db, accountId, settled);
}
