import { markMissingDeleted } from '../db/mark-missing-deleted.js';
import { getSyncState, saveSyncState } from '../db/sync-state-repo.js';
import type { Database } from '../db/database.js';
import type { HostawaySyncError } from '../errors.js';
import { AuthError, describeError, InterruptedError, TemporaryError, UnavailableError } from '../errors.js';
import type { AccountApi } from '../hostaway/client.js';
import type { Logger } from '../logger.js';
import {
  confirmDeletions,
  DEFAULT_DELETION_CHECKS_PER_RUN,
  type DeletionChecks,
} from './confirm-deletions.js';
import { RESOURCES } from './registry.js';
import {
  emptyCounts,
  isCompleteListMode,
  type ResourceContext,
  type ResourceName,
  type ResourceResult,
  type ResourceSync,
  type SyncAccount,
  type SyncEvent,
  type SyncMode,
} from './types.js';

export interface ResourcesOutcome {
  resources: Partial<Record<ResourceName, ResourceResult>>;
  /** An error that stopped the whole account (credentials, interruption, database). */
  fatal?: HostawaySyncError;
}

interface RunResourcesDeps {
  db: Database;
  api: AccountApi;
  account: SyncAccount;
  mode: SyncMode;
  logger: Logger;
  threadConcurrency: number;
  /** Hours after which an incremental pass lists every conversation again. */
  conversationRelistHours?: number;
  /** Conversation pages an incremental pass re-reads in turn through the list. */
  conversationSweepPages?: number;
  threadMaxAttempts?: number;
  verifyThreadsPerRun?: number;
  /** Rows missing from a complete pass that one run asks Hostaway about, per resource. */
  deletionChecksPerRun?: number;
  signal?: AbortSignal;
  /** When the run row was written (the database's clock): rows written since are never marked deleted. */
  startedAt: Date;
  emit: (event: SyncEvent) => void;
}

/** Runs each resource in turn; one resource failing does not stop the next unless the cause is account-wide. */
export async function runResources(deps: RunResourcesDeps): Promise<ResourcesOutcome> {
  const outcome: ResourcesOutcome = { resources: {} };
  const { accountId } = deps.account;
  const cursors = new Map((await getSyncState(deps.db, accountId)).map((s) => [s.resource, s.cursor]));
  const changedReservations = new Set<number>();
  for (const resource of RESOURCES) {
    const name = resource.name;
    if (outcome.fatal) {
      outcome.resources[name] = { ...emptyCounts(), status: 'not-run' };
      continue;
    }
    deps.emit({ type: 'resource.started', accountId, resource: name });
    let result: ResourceResult;
    const ctx = createContext(deps, name, cursors.get(name), changedReservations);
    try {
      result = await resource.fetchAndSync(ctx);
      if (isCompleteListMode(deps.mode) && result.status === 'succeeded' && result.complete)
        Object.assign(result, await reconcile(deps, resource, ctx));
    } catch (error) {
      result = { ...emptyCounts(), status: 'failed', error: describeError(error) };
      if (isAccountWide(error)) outcome.fatal = error;
      deps.logger.error({ accountId, resource: name, err: describeError(error) }, 'resource failed');
    }
    outcome.resources[name] = result;
    await recordState(deps, name, result, ctx.nextCursor());
    deps.emit({ type: 'resource.done', accountId, resource: name, result });
  }
  return outcome;
}

function createContext(
  deps: RunResourcesDeps,
  resource: ResourceName,
  cursor: unknown,
  changedReservations: Set<number>,
): ResourceContext & { nextCursor(): unknown } {
  const { accountId } = deps.account;
  let nextCursor: unknown;
  return {
    cursor,
    setCursor: (value) => {
      nextCursor = value;
    },
    nextCursor: () => nextCursor,
    changedReservations,
    db: deps.db,
    api: deps.api,
    account: { accountId, customerId: deps.account.customerId },
    mode: deps.mode,
    logger: deps.logger.child({ accountId, resource }),
    threadConcurrency: deps.threadConcurrency,
    ...(deps.conversationRelistHours === undefined
      ? {}
      : { conversationRelistHours: deps.conversationRelistHours }),
    ...(deps.conversationSweepPages === undefined
      ? {}
      : { conversationSweepPages: deps.conversationSweepPages }),
    ...(deps.threadMaxAttempts === undefined ? {} : { threadMaxAttempts: deps.threadMaxAttempts }),
    ...(deps.verifyThreadsPerRun === undefined ? {} : { verifyThreadsPerRun: deps.verifyThreadsPerRun }),
    seen: new Set<number>(),
    progress: (done, total) =>
      deps.emit({
        type: 'resource.page',
        accountId,
        resource,
        done,
        total,
        apiRequests: deps.api.stats.requests,
        rateLimited: deps.api.stats.rateLimited,
      }),
    checkpoint: () => {
      if (deps.signal?.aborted)
        throw new InterruptedError(deps.signal.reason === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
    },
  };
}

/** Causes that would fail every other resource too: stop the account instead of waiting through retries. */
function isAccountWide(error: unknown): error is HostawaySyncError {
  return (
    error instanceof AuthError ||
    error instanceof InterruptedError ||
    error instanceof UnavailableError ||
    error instanceof TemporaryError
  );
}

/**
 * After a pass that proved it read the whole list: rows Hostaway no longer lists are candidates, and each
 * is marked deleted only once Hostaway answers 404 for it (within the per-run budget; the rest wait for
 * the next pass). A list that shifted under our paging can thus never mark a live row deleted.
 */
async function reconcile(deps: RunResourcesDeps, resource: ResourceSync, ctx: ResourceContext) {
  const checks: DeletionChecks = { checked: 0, pending: 0 };
  const deleted = await markMissingDeleted(deps.db, {
    table: resource.table,
    accountId: deps.account.accountId,
    seenIds: ctx.seen,
    startedAt: deps.startedAt,
    confirm: (candidates) =>
      confirmDeletions(
        deps.api,
        {
          detailPath: resource.detailPath,
          candidates,
          budget: deps.deletionChecksPerRun ?? DEFAULT_DELETION_CHECKS_PER_RUN,
          logger: ctx.logger,
        },
        checks,
      ),
  });
  return { deleted, deletionChecks: checks.checked, deletionPending: checks.pending };
}

/**
 * The cursor advances when its resource set one and did not fail: a resource sets it only when what it
 * leaves behind is repaired later (a partial threads pass records its failed threads, for one).
 */
async function recordState(
  deps: RunResourcesDeps,
  resource: ResourceName,
  result: ResourceResult,
  cursor: unknown,
): Promise<void> {
  const ok = result.status === 'succeeded';
  const keepsCursor = result.status !== 'failed' && result.status !== 'not-run' && cursor !== undefined;
  try {
    await saveSyncState(deps.db, {
      accountId: deps.account.accountId,
      resource,
      success: ok ? deps.mode : undefined,
      error: ok ? null : (result.error ?? 'failed'),
      ...(keepsCursor ? { cursor } : {}),
    });
  } catch (error) {
    deps.logger.error({ resource, err: describeError(error) }, 'could not record sync state');
  }
}
