import { markMissingDeleted } from '../db/mark-missing-deleted.js';
import { getSyncState, saveSyncState } from '../db/sync-state-repo.js';
import type { Database } from '../db/database.js';
import type { HostawaySyncError } from '../errors.js';
import { AuthError, describeError, InterruptedError, TemporaryError, UnavailableError } from '../errors.js';
import type { AccountApi } from '../hostaway/client.js';
import type { Logger } from '../logger.js';
import { RESOURCES } from './registry.js';
import {
  emptyCounts,
  type ResourceContext,
  type ResourceName,
  type ResourceResult,
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
  signal?: AbortSignal;
  /** Rows written since then are never marked deleted by reconciliation. */
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
      if (deps.mode === 'full' && result.status === 'succeeded')
        result.deleted = await reconcile(deps, name, ctx, result);
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
 * After a complete full pass: rows Hostaway no longer returns get `deleted_at`. Only when the pass saw at
 * least as many distinct ids as Hostaway said exist, so a list that shifted under our paging can never mark
 * live rows deleted.
 */
async function reconcile(
  deps: RunResourcesDeps,
  name: ResourceName,
  ctx: ResourceContext,
  result: ResourceResult,
) {
  if (result.upstreamTotal !== undefined && ctx.seen.size < result.upstreamTotal) {
    deps.logger.warn(
      { resource: name, seen: ctx.seen.size, reported: result.upstreamTotal },
      'saw fewer rows than Hostaway reported; not marking deletions this time',
    );
    return 0;
  }
  const table = name === 'threads' ? 'messages' : name;
  return markMissingDeleted(deps.db, {
    table,
    accountId: deps.account.accountId,
    seenIds: ctx.seen,
    startedAt: deps.startedAt,
  });
}

/** The cursor advances only when its resource finished successfully. */
async function recordState(
  deps: RunResourcesDeps,
  resource: ResourceName,
  result: ResourceResult,
  cursor: unknown,
): Promise<void> {
  const ok = result.status === 'succeeded';
  try {
    await saveSyncState(deps.db, {
      accountId: deps.account.accountId,
      resource,
      success: ok ? deps.mode : undefined,
      error: ok ? null : (result.error ?? 'failed'),
      ...(ok && cursor !== undefined ? { cursor } : {}),
    });
  } catch (error) {
    deps.logger.error({ resource, err: describeError(error) }, 'could not record sync state');
  }
}
