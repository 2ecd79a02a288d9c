import { CONFIG_DEFAULTS } from '../config.js';
import PQueue from 'p-queue';
import { getAccount } from '../db/accounts/accounts-repo.js';
import type { Database } from '../db/database.js';
import type { Account } from '../db/schema/index.js';
import { finishRun } from '../db/sql/finish-run.js';
import { startRun } from '../db/sql/start-run.js';
import {
  accountNotFound,
  HostawaySyncError,
  InterruptedError,
  LockHeldError,
  UsageError,
} from '../errors.js';
import type { HostawayClient } from '../hostaway/client.js';
import type { Logger } from '../logger.js';
import { createAccountSecrets, type AccountSecrets } from '../secrets/account-secrets.js';
import type { NextRun } from '../db/sql/account-leases.js';
import { keepAccountLease, takeAccountLease, type KeptLease } from './account-lease-keeper.js';
import { createDatabaseTokenStore } from './token-store.js';
import { runResources } from './run-resources.js';
import { untilStopped } from './stop.js';
import { summariseRun } from './run-status.js';
import { enabledResources } from './resource-sets.js';
import { updateWebhookMode } from './webhook-mode/update-webhook-mode.js';
import type { RunResult, SyncEvent, SyncMode, SyncSettings } from './types.js';

export interface SyncEngineDeps {
  db: Database;
  client: HostawayClient;
  logger: Logger;
  threadConcurrency: number;
  /** The runs' tuning: thread retries, deletion checks, optional resources' cadences, … */
  settings?: SyncSettings;
  /** Accounts synced at once by `runMany`. */
  accountConcurrency: number;
  onEvent?: (event: SyncEvent) => void;
  /** When aborted, each account stops after its current page and its run is recorded as interrupted. */
  signal?: AbortSignal;
  /** Decrypts the stored client secret and seals cached tokens (default: no keys, plaintext rows only). */
  secrets?: AccountSecrets;
}

export interface SyncEngine {
  run(accountId: number, mode: SyncMode): Promise<RunResult>;
  runFull(accountId: number): Promise<RunResult>;
  runMany(accountIds: readonly number[], mode: SyncMode): Promise<RunResult[]>;
  /**
   * Runs an account the due claim leased to `claim.owner` (with its row as the claim read it), keeping and
   * then releasing that lease; the release schedules its `next` run (a webhook-mode account's idle time
   * taken into account). Never throws: an account that could not start is a failed result.
   */
  runLeased(mode: SyncMode, claim: LeasedRun): Promise<RunResult>;
  /** How long an account lease lasts unless renewed (the due claim takes one this long). */
  readonly accountLeaseMs: number;
}

/** An account the due claim leased: its row, the lease's owner, and when it runs next. */
export interface LeasedRun {
  account: Account;
  owner: string;
  next?: Omit<NextRun, 'notBefore'>;
}

/** A lease the caller took, with what its claim read. */
interface Claimed {
  lease: KeptLease;
  account?: Account;
  next?: Omit<NextRun, 'notBefore'>;
}

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const emit = (event: SyncEvent) => deps.onEvent?.(event);
  const secrets = deps.secrets ?? createAccountSecrets();
  const accountLeaseMs = (deps.settings?.accountLeaseSeconds ?? CONFIG_DEFAULTS.accountLeaseSeconds) * 1000;

  /**
   * Runs the account under a lease: `claimed` (taken by the caller, kept and released here, scheduling its
   * next run) or its own.
   */
  async function run(accountId: number, mode: SyncMode, claimed?: Claimed): Promise<RunResult> {
    let idleUntil: string | undefined;
    try {
      const result = await runUnderLease(accountId, mode, claimed);
      idleUntil = result.idleUntil;
      return result;
    } finally {
      const next = claimed?.next;
      await claimed?.lease.release(
        next && { ...next, ...(idleUntil !== undefined && { notBefore: new Date(idleUntil) }) },
      );
    }
  }

  async function runUnderLease(accountId: number, mode: SyncMode, claimed?: Claimed): Promise<RunResult> {
    const startedAt = new Date();
    // Until the passes start, a stop ends any wait on the database (a lock held elsewhere) too.
    const prePass = <T>(fn: () => Promise<T>) => untilStopped(deps.db, deps.signal, fn);
    const account = claimed?.account ?? (await prePass(() => getAccount(deps.db, accountId)));
    if (!account) throw accountNotFound(accountId);
    if (!account.isActive) {
      throw new UsageError(`account ${accountId} is inactive`, {
        hint: 'reactivate it with hostaway-sync accounts update',
      });
    }
    // Before the lease and the run record: an unreadable secret is a configuration error (exit 78).
    const clientSecret = secrets.open(accountId, 'client_secret', account.clientSecret);
    const lease =
      claimed?.lease ??
      (await prePass(() =>
        takeAccountLease(deps.db, { accountId, leaseMs: accountLeaseMs, logger: deps.logger }),
      ));
    if (!lease) {
      const error = new LockHeldError(`account ${accountId} is being synced by another process`);
      deps.logger.info({ accountId }, 'skipped: another process holds the account lease');
      return skippedResult(accountId, mode, startedAt, error);
    }
    try {
      emit({ type: 'run.started', accountId, mode });
      // Holding the lease proves no other run of this account is alive (a holder that lost its lease stops at
      // its next page): a 'running' row is from a killed process.
      const { id: runId, startedAt: runStartedAt } = await prePass(() =>
        startRun(deps.db, {
          accountId,
          mode,
          retentionDays: deps.settings?.runRetentionDays ?? CONFIG_DEFAULTS.runRetentionDays,
        }),
      );
      const api = deps.client.forAccount(
        { accountId, clientSecret },
        createDatabaseTokenStore(deps.db, { secrets, logger: deps.logger, known: account }),
        // Full and reconcile passes take what the pool has left; incremental runs come before them.
        {
          priority: mode === 'incremental' ? 'incremental' : 'background',
          onBudgetWait: (waiting) => emit({ type: 'rate.waiting', accountId, waiting }),
        },
      );
      // A lost lease stops the run like a signal does, with its own error (exit 75).
      const stop = deps.signal ? AbortSignal.any([deps.signal, lease.signal]) : lease.signal;
      // A stop also cancels the statements the passes have running: one waiting on a lock held elsewhere
      // would otherwise keep the run until its bound (DATABASE_LOCK_TIMEOUT_MS).
      const outcome = await deps.db.stoppable(stop, () =>
        runResources({
          ...deps,
          api,
          mode,
          emit,
          account,
          optionalResources: enabledResources(account),
          startedAt: runStartedAt,
          signal: stop,
        }),
      );
      const webhookMode =
        mode !== 'full' && !outcome.fatal
          ? await updateWebhookMode({ ...deps, api }, account, outcome.resources)
          : undefined;
      const result = summariseRun({ accountId, mode, runId, startedAt, api, outcome });
      // Still in webhook mode and with nothing due before then: `--due` need not run the account earlier.
      if (webhookMode === 'webhook' && outcome.idleUntil && result.status === 'succeeded')
        result.idleUntil = outcome.idleUntil.toISOString();
      const finish = {
        status: result.status,
        stats: result.resources,
        apiRequests: result.apiRequests,
        error: result.error?.message ?? null,
        ...(result.status === 'succeeded' && { syncedAt: new Date() }),
      };
      const next = claimed?.next;
      if (next && lease === claimed.lease) {
        // A claimed run's finish also gives its lease up and schedules its next run: one statement.
        const notBefore = result.idleUntil === undefined ? {} : { notBefore: new Date(result.idleUntil) };
        await lease.releaseWith((owner) =>
          finishRun(deps.db, runId, { ...finish, release: { owner, next: { ...next, ...notBefore } } }),
        );
      } else await finishRun(deps.db, runId, finish);
      emit(result.status === 'failed' ? { type: 'run.failed', result } : { type: 'run.finished', result });
      return result;
    } finally {
      if (lease !== claimed?.lease) await lease.release();
    }
  }

  return {
    accountLeaseMs,
    run: (accountId, mode) => run(accountId, mode),
    runFull: (accountId) => run(accountId, 'full'),
    runLeased(mode, { account, owner, next }) {
      const { accountId } = account;
      const lease = keepAccountLease(deps.db, { accountId, owner, leaseMs: accountLeaseMs }, deps.logger);
      return run(accountId, mode, { lease, account, ...(next && { next }) }).catch((error: unknown) =>
        failedResult(accountId, mode, error),
      );
    },
    async runMany(accountIds, mode) {
      const queue = new PQueue({ concurrency: deps.accountConcurrency });
      const results: RunResult[] = [];
      await Promise.all(
        accountIds.map((accountId) =>
          queue.add(async () => {
            if (deps.signal?.aborted) return;
            results.push(
              await run(accountId, mode).catch((error: unknown) => failedResult(accountId, mode, error)),
            );
          }),
        ),
      );
      return results.sort((a, b) => a.accountId - b.accountId);
    },
  };
}

function skippedResult(
  accountId: number,
  mode: SyncMode,
  startedAt: Date,
  error: HostawaySyncError,
): RunResult {
  return {
    accountId,
    mode,
    status: 'skipped',
    runId: null,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    apiRequests: 0,
    rateLimited: 0,
    rateLimitWaitMs: 0,
    resources: {},
    error: { code: error.code, message: error.message, exitCode: error.exitCode },
  };
}

/** An account that could not even start (unknown, inactive, database down) in a multi-account run. */
function failedResult(accountId: number, mode: SyncMode, error: unknown): RunResult {
  const wrapped =
    error instanceof HostawaySyncError
      ? error
      : new HostawaySyncError(String((error as Error)?.message ?? error));
  return {
    ...skippedResult(accountId, mode, new Date(), wrapped),
    status: wrapped instanceof InterruptedError ? 'interrupted' : 'failed',
  };
}
