import { saveSyncState } from '../db/sync-state-repo.js';
import type { Database } from '../db/database.js';
import type {
  HostawaySyncError} from '../errors.js';
import {
  AuthError,
  describeError,
  InterruptedError,
  TemporaryError,
  UnavailableError,
} from '../errors.js';
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
  signal?: AbortSignal;
  emit: (event: SyncEvent) => void;
}

/** Runs each resource in turn; one resource failing does not stop the next unless the cause is account-wide. */
export async function runResources(deps: RunResourcesDeps): Promise<ResourcesOutcome> {
  const outcome: ResourcesOutcome = { resources: {} };
  const { accountId } = deps.account;
  for (const resource of RESOURCES) {
    const name = resource.name;
    if (outcome.fatal) {
      outcome.resources[name] = { ...emptyCounts(), status: 'not-run' };
      continue;
    }
    deps.emit({ type: 'resource.started', accountId, resource: name });
    let result: ResourceResult;
    try {
      result = await resource.fetchAndSync(createContext(deps, name));
    } catch (error) {
      result = { ...emptyCounts(), status: 'failed', error: describeError(error) };
      if (isAccountWide(error)) outcome.fatal = error;
      deps.logger.error({ accountId, resource: name, err: describeError(error) }, 'resource failed');
    }
    outcome.resources[name] = result;
    await recordState(deps, name, result);
    deps.emit({ type: 'resource.done', accountId, resource: name, result });
  }
  return outcome;
}

function createContext(deps: RunResourcesDeps, resource: ResourceName): ResourceContext {
  const { accountId } = deps.account;
  return {
    db: deps.db,
    api: deps.api,
    account: { accountId, customerId: deps.account.customerId },
    mode: deps.mode,
    logger: deps.logger.child({ accountId, resource }),
    threadConcurrency: deps.threadConcurrency,
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

async function recordState(
  deps: RunResourcesDeps,
  resource: ResourceName,
  result: ResourceResult,
): Promise<void> {
  const ok = result.status === 'succeeded';
  try {
    await saveSyncState(deps.db, {
      accountId: deps.account.accountId,
      resource,
      success: ok ? deps.mode : undefined,
      error: ok ? null : (result.error ?? 'failed'),
    });
  } catch (error) {
    deps.logger.error({ resource, err: describeError(error) }, 'could not record sync state');
  }
}
