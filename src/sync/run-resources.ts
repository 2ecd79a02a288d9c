import { getSyncState, saveSyncState } from '../db/runs/sync-state-repo.js';
import type { SyncState } from '../db/schema/index.js';
import {
  AuthError,
  DatabaseTimeoutError,
  DatabaseUnavailableError,
  describeError,
  EndpointFailedError,
  type HostawaySyncError,
  InterruptedError,
  TemporaryError,
  UnavailableError,
} from '../errors.js';
import { reportHeldDeletions } from './deletion-rule.js';
import { cadenceSeconds, isResourceDue } from './due.js';
import { RESOURCES } from './registry.js';
import type { Resource } from './resource.js';
import { stopError } from './stop.js';
import { nextProbeAt, unavailableReason } from './unavailable.js';
import {
  leftOutInWebhookMode,
  watchesWebhooks,
  webhookModeIdleUntil,
} from './webhook-mode/polled-resources.js';
import {
  emptyCounts,
  type ResourceContext,
  type ResourceName,
  type ResourceResult,
  type ResourceResults,
  type SyncEvent,
  type SyncSettings,
} from './types.js';

export interface ResourcesOutcome {
  resources: ResourceResults;
  /** An error that stopped the whole account (credentials, interruption, database). */
  fatal?: HostawaySyncError;
  /** In webhook mode: until when no resource of the account is due (src/sync/webhook-mode/). */
  idleUntil?: Date | null;
}

type RunResourcesDeps = Pick<
  ResourceContext,
  'db' | 'api' | 'account' | 'mode' | 'logger' | 'threadConcurrency' | 'startedAt'
> & {
  settings?: SyncSettings;
  /** The resources beyond the core ones the account enabled (registry names); those due run after them. */
  optionalResources?: readonly string[];
  signal?: AbortSignal;
  emit: (event: SyncEvent) => void;
};

/**
 * Runs the registry's resources in turn: the core ones always, then those the account enabled that are
 * due. One resource failing does not stop the next unless the cause is account-wide (then the rest are
 * `not-run`). Enabled resources that are not due are left out of the outcome and cost nothing.
 */
export async function runResources(deps: RunResourcesDeps): Promise<ResourcesOutcome> {
  const outcome: ResourcesOutcome = { resources: {} };
  const states = new Map((await getSyncState(deps.db, deps.account.accountId)).map((s) => [s.resource, s]));
  const changedReservations = new Set<number>();
  const enabled = new Set(deps.optionalResources ?? []);
  for (const resource of RESOURCES) {
    const { name } = resource;
    if (leftOutInWebhookMode({ ...deps, settings: deps.settings ?? {} }, name, states.get(name))) continue;
    const state = states.get(name);
    if (!resource.core) {
      if (!enabled.has(name)) continue;
      const probeAt = nextProbeAt(state, deps.settings ?? {});
      if (probeAt !== null && probeAt > deps.startedAt) {
        outcome.resources[name] = skipUnavailable(deps, name, state!);
        continue;
      }
      const cadence = cadenceSeconds(resource, deps.settings ?? {});
      if (probeAt === null && !isResourceDue(deps.mode, state, cadence, deps.startedAt)) continue;
    }
    const ctx = createContext(deps, name, state?.cursor, changedReservations);
    outcome.resources[name] = await runPass(deps, outcome, ctx, resource, states);
  }
  if (deps.mode === 'incremental' && deps.account.webhookMode === 'webhook' && !outcome.fatal) {
    // From the states this run left (the run holds the account's lease: nobody else writes them meanwhile).
    outcome.idleUntil = webhookModeIdleUntil(RESOURCES, { enabled, settings: deps.settings ?? {}, states });
  }
  return outcome;
}

/** An earlier resource of this run made requests and did not fail: the token works for the account. */
const tokenWorks = (results: ResourceResults) =>
  Object.values(results).some(
    (r) => (r.requests ?? 0) > 0 && r.status !== 'failed' && r.status !== 'not-run',
  );

/** An unavailable resource whose next probe is not due: not asked, reported with one warning line. */
function skipUnavailable(deps: RunResourcesDeps, resource: string, state: SyncState): ResourceResult {
  const since = state.unavailableSince!.toISOString();
  const reason = state.unavailableReason ?? 'unavailable';
  deps.logger.warn(
    { accountId: deps.account.accountId, resource, since, reason },
    'resource unavailable for this account; skipped until its next probe',
  );
  return { ...emptyCounts(), status: 'unavailable', error: reason, requests: 0 };
}

/**
 * One resource's pass: its result (with the requests it made), its state recorded (and kept in `states`),
 * events emitted.
 */
async function runPass(
  deps: RunResourcesDeps,
  outcome: ResourcesOutcome,
  ctx: ResourceContext & { nextCursor(): unknown },
  resource: Resource,
  states: Map<string, SyncState>,
): Promise<ResourceResult> {
  const { accountId } = deps.account;
  const { name } = resource;
  if (outcome.fatal) return { ...emptyCounts(), status: 'not-run' };
  deps.emit({ type: 'resource.started', accountId, resource: name });
  const before = deps.api.stats.requests;
  let result: ResourceResult;
  try {
    result = await resource.sync(ctx);
    // Deletions held by this pass or an earlier one make it partial (resource_objects only: not core).
    if (!resource.core) result = await reportHeldDeletions(ctx, name, result);
  } catch (thrown) {
    // Whatever a pass throws once stopped (a statement the stop cancelled, for one) is the stop.
    const error = stopError(deps.signal) ?? thrown;
    // A core resource is never unavailable: its 403 stays a credentials error.
    const reason = resource.core
      ? undefined
      : unavailableReason(resource, error, tokenWorks(outcome.resources));
    if (reason !== undefined) {
      result = { ...emptyCounts(), status: 'unavailable', error: reason };
      deps.logger.warn({ accountId, resource: name, reason }, 'resource unavailable for this account');
    } else {
      result = { ...ctx.counts, status: 'failed', error: describeError(error) };
      if ((resource.core ? isAccountWide : stopsAfterCore)(error)) outcome.fatal = error;
      deps.logger.error({ accountId, resource: name, err: describeError(error) }, 'resource failed');
    }
  }
  result.requests = deps.api.stats.requests - before;
  const recorded = await recordState(deps, name, result, ctx.nextCursor());
  if (recorded) states.set(name, recorded);
  deps.emit({ type: 'resource.done', accountId, resource: name, result });
  return result;
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
    startedAt: deps.startedAt,
    settings: deps.settings ?? {},
    seen: new Set<number>(),
    counts: emptyCounts(),
    watchWebhooks: watchesWebhooks(deps.mode, deps.account),
    progress: (done, total, leftForNextRun) =>
      deps.emit({
        type: 'resource.page',
        accountId,
        resource,
        done,
        total,
        ...(leftForNextRun ? { leftForNextRun } : {}),
        apiRequests: deps.api.stats.requests,
        rateLimited: deps.api.stats.rateLimited,
      }),
    checkpoint: () => {
      const stop = stopError(deps.signal);
      if (stop) throw stop;
    },
  };
}

/**
 * Causes that would fail every other resource too: stop the account instead of waiting through retries.
 * An endpoint that answered 5xx or a broken body past the retries is not one: Hostaway answered, so the
 * account's other resources still run. Nor is a database wait past its bound (a lock another session holds
 * on this resource's table, one slow statement): the other resources write other tables, and each of their
 * waits has the same bound.
 */
function isAccountWide(error: unknown): error is HostawaySyncError {
  if (error instanceof EndpointFailedError || error instanceof DatabaseTimeoutError) return false;
  return (
    error instanceof AuthError ||
    error instanceof InterruptedError ||
    error instanceof UnavailableError ||
    error instanceof TemporaryError
  );
}

/**
 * After the core three succeeded Hostaway was reachable moments ago: an endpoint answering 5xx past the
 * retries (a feature the account lacks, an outage of one service) fails its own resource only. Rejected
 * credentials, a stop, the database gone or the rate budget spent still stop the account.
 */
function stopsAfterCore(error: unknown): error is HostawaySyncError {
  const hostawayUnavailable =
    error instanceof UnavailableError && !(error instanceof DatabaseUnavailableError);
  return isAccountWide(error) && !hostawayUnavailable;
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
): Promise<SyncState | undefined> {
  const ok = result.status === 'succeeded';
  const ran = result.status !== 'failed' && result.status !== 'not-run' && result.status !== 'unavailable';
  const unavailable = result.status === 'unavailable';
  try {
    return await saveSyncState(deps.db, {
      accountId: deps.account.accountId,
      resource,
      success: ok ? deps.mode : undefined,
      // Unavailable is no failure: the last error and successes stay as they were. Any other answer
      // (a pass that ran, even one that failed otherwise) ends the unavailable state.
      ...(unavailable
        ? { unavailable: { reason: result.error ?? 'unavailable' } }
        : { error: ok ? null : (result.error ?? 'failed'), unavailable: null }),
      ...(ran && cursor !== undefined ? { cursor } : {}),
    });
  } catch (error) {
    deps.logger.error({ resource, err: describeError(error) }, 'could not record sync state');
    return undefined;
  }
}
