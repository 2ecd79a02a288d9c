import { CONFIG_DEFAULTS } from '../../config.js';
import { findReservationsWithStaleThreads } from '../../db/threads/stale-thread-reservations.js';
import { fetchConversationPages } from '../../hostaway/resources.js';
import { listThreadFailures } from '../../db/threads/thread-failures-repo.js';
import { describeError } from '../../errors.js';
import { isCompleteListMode, type ResourceContext, type ResourceResult } from '../types.js';
import { passResult, readWholeList } from './complete-pass.js';
import {
  createOrderCheck,
  mayStopListingEarly,
  readThreadsCursor,
  type ThreadsCursor,
} from './conversation-listing.js';
import { sweep } from './conversation-sweep.js';
import { flushThreadWrites, syncPage, syncUnlistedOfChangedReservations } from './thread-batches.js';
import { createTally, givenUpLeft, type Tally } from './thread-tally.js';
import { recordThreadOutcomes, retryFailedThreads, verifyNextThreads } from './thread-upkeep.js';

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
 * A full or reconcile pass lists every conversation and proves it read the whole list (see
 * `readWholeList`); full fetches every thread, reconcile only those whose listed conversation changed plus
 * the rolling verification. An incremental pass stops after a page on which every conversation equals the
 * stored one, provided the list has come newest first by `messageSentOn` so far (the order is undocumented:
 * an out-of-order page makes it read everything, and says so once) and the last complete listing is younger
 * than the relist interval. A conversation changed while we page moves to the front, behind us: the next
 * pass sees it. After an early stop it also reads a few pages further into the list, in turn (the rolling
 * sweep), which catches a conversation that changed without moving to the front.
 *
 * A thread that fails is recorded with its attempts (`thread_failures`) and retried by later passes; the
 * cursor still advances, so one broken thread never makes every later run re-list all conversations.
 */
export async function fetchAndSyncThreads(ctx: ResourceContext): Promise<ResourceResult> {
  const failures = await listThreadFailures(ctx.db, ctx.account.accountId);
  const tally = createTally(
    failures,
    ctx.settings.threadMaxAttempts ?? CONFIG_DEFAULTS.threadMaxAttempts,
    ctx.counts,
  );
  try {
    return await threadsPass(ctx, tally);
  } finally {
    // Also when the pass ends early (credentials, interruption): the threads fetched so far are written
    // and the threads tried so far are recorded.
    await flushThreadWrites(tally).catch((error: unknown) =>
      ctx.logger.error({ err: describeError(error) }, 'could not write fetched threads'),
    );
    await recordThreadOutcomes(ctx, tally).catch((error: unknown) =>
      ctx.logger.error({ err: describeError(error) }, 'could not record thread failures'),
    );
  }
}

async function threadsPass(ctx: ResourceContext, tally: Tally): Promise<ResourceResult> {
  const startedAt = new Date();
  const previous = readThreadsCursor(ctx.cursor);
  let next: ThreadsCursor;
  let result: Pick<ResourceResult, 'status' | 'error' | 'complete' | 'upstreamTotal' | 'readAll'>;
  if (isCompleteListMode(ctx.mode)) {
    const listed = new Set<number>();
    const pass = await readWholeList(
      ctx,
      () => fetchConversationPages(ctx.api),
      async (items, total) => {
        await syncPage(ctx, items, tally, listed);
        ctx.progress(tally.counts.fetched, total);
      },
    );
    tally.listedAll = pass.complete;
    await flushThreadWrites(tally); // the upkeep below reads the stored threads
    next = { ...previous, ...(pass.complete ? { lastCompleteListingAt: startedAt.toISOString() } : {}) };
    delete next.staleChecked;
    if (ctx.mode === 'reconcile') {
      await retryFailedThreads(ctx, tally);
      next.verifiedThrough = await verifyNextThreads(
        ctx,
        tally,
        ctx.settings.verifyThreadsPerRun ?? CONFIG_DEFAULTS.verifyThreadsPerRun,
        previous.verifiedThrough ?? 0,
      );
    }
    const { status, error, complete, upstreamTotal } = passResult(tally.counts, pass, 'conversations');
    result = {
      status,
      complete,
      readAll: true,
      ...(error ? { error } : {}),
      ...(upstreamTotal === undefined ? {} : { upstreamTotal }),
    };
  } else {
    const incremental = await incrementalPass(ctx, tally, previous, startedAt);
    await flushThreadWrites(tally);
    await retryFailedThreads(ctx, tally);
    next = incremental.next;
    result = {
      status: 'succeeded',
      readAll: incremental.readAll,
      ...(incremental.upstreamTotal === undefined ? {} : { upstreamTotal: incremental.upstreamTotal }),
    };
  }
  await flushThreadWrites(tally);
  ctx.setCursor(next);
  return withThreadErrors(result, tally, ctx.seen);
}

async function incrementalPass(ctx: ResourceContext, tally: Tally, previous: ThreadsCursor, startedAt: Date) {
  const relistHours = ctx.settings.conversationRelistHours ?? CONFIG_DEFAULTS.conversationRelistHours;
  const mayStop = mayStopListingEarly(ctx.cursor, relistHours, startedAt.getTime());
  const staleChecked = await addStaleThreadReservations(ctx, previous);
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
  return { next, readAll: !stoppedEarly, upstreamTotal };
}

/**
 * Failed threads make the pass partial (they are retried later), and so do given-up threads it left
 * untried (their stored messages may be behind); the pass's own status otherwise.
 */
function withThreadErrors(
  result: Pick<ResourceResult, 'status' | 'error' | 'complete' | 'upstreamTotal' | 'readAll'>,
  tally: Tally,
  seen: ReadonlySet<number>,
): ResourceResult {
  const { counts, failedIds, errors, withoutReservation, missedByWebhooks } = tally;
  const givenUpIds = givenUpLeft(tally, seen);
  const threadError =
    errors.length > 0 ? `${errors.length} thread(s) failed: ${errors.slice(0, 3).join('; ')}` : undefined;
  const givenUpError =
    givenUpIds.length > 0
      ? `${givenUpIds.length} thread(s) given up after ${tally.maxAttempts} failed runs, not retried until they change or a reconcile or full sync: ${givenUpIds.slice(0, 10).join(', ')}`
      : undefined;
  const error = [result.error, threadError, givenUpError].filter(Boolean).join('; ') || undefined;
  return {
    ...counts,
    ...result,
    status: threadError || givenUpError ? 'partial' : result.status,
    failedIds,
    ...(givenUpIds.length > 0 ? { givenUpIds } : {}),
    withoutReservation,
    ...(missedByWebhooks === undefined ? {} : { missedByWebhooks }),
    ...(error ? { error } : {}),
  };
}
