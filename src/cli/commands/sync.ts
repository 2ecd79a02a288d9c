import type { Database } from '../../db/database.js';
import { InterruptedError } from '../../errors.js';
import { createSyncEngine, type SyncEngine } from '../../sync/engine.js';
import { runDueAccounts } from '../../sync/run-due.js';
import type { SyncEvent, SyncMode } from '../../sync/types.js';
import type { SyncOptions } from '../program.js';
import { writeJson } from '../render/output.js';
import { createSyncProgress } from '../render/sync-progress.js';
import { formatSyncSummary } from '../render/sync-summary.js';
import type { Runtime } from '../runtime.js';
import { syncExitCode } from '../sync-exit-code.js';
import { onStopSignal, type StopSignal } from '../stop-signal.js';
import { checkSyncOptions, selectAccounts } from '../support/select-accounts.js';
import { syncSettings } from '../sync-settings.js';
import { runtimeSecrets } from '../secrets.js';

export async function runSyncCommand(
  runtime: Runtime,
  mode: SyncMode,
  options: SyncOptions,
): Promise<number> {
  const stop = onStopSignal(runtime.logger);
  // The current page finishes; requests still waiting for the rate budget stop waiting.
  stop.signal.addEventListener('abort', () => runtime.interruptWaits(new InterruptedError(stop.received()!)));
  try {
    return await runSync(runtime, mode, options, stop);
  } finally {
    stop.dispose();
  }
}

async function runSync(
  runtime: Runtime,
  mode: SyncMode,
  options: SyncOptions,
  stop: StopSignal,
): Promise<number> {
  checkSyncOptions(mode, options, runtime.io.interactive);
  const db = await runtime.openDatabase();
  const accountIds = options.due ? [] : await selectAccounts(runtime, db, options);
  runtime.logger.info(
    options.due ? { mode, pool: runtime.config.egressPool, due: true } : { mode, accounts: accountIds },
    'sync started',
  );
  const progress = runtime.human ? createSyncProgress(runtime) : null;
  const logEvent = (event: SyncEvent) => {
    if (event.type === 'run.finished' || event.type === 'run.failed') {
      const { result } = event;
      runtime.logger.info(
        {
          accountId: result.accountId,
          status: result.status,
          apiRequests: result.apiRequests,
          durationMs: result.durationMs,
        },
        'account synced',
      );
    }
  };
  try {
    const engine = createSyncEngine({
      db,
      client: runtime.createClient(),
      logger: runtime.logger,
      threadConcurrency: runtime.config.threadConcurrency,
      settings: syncSettings(runtime.config),
      accountConcurrency: runtime.config.syncConcurrency,
      signal: stop.signal,
      secrets: runtimeSecrets(runtime),
      onEvent: (event) => {
        progress?.onEvent(event);
        logEvent(event);
      },
    });
    const results =
      options.due && mode !== 'full'
        ? await runDue(runtime, db, engine, mode, options, stop)
        : await engine.runMany(accountIds, mode);
    progress?.stop();
    const exitCode = syncExitCode(results, stop.received(), {
      lockSkipsFail: (options.account?.length ?? 0) > 0,
    });
    // One line per account that could not run or finish (e.g. the database went away mid-run).
    for (const r of results)
      if (r.status === 'failed' && r.error)
        runtime.logger.error(
          { accountId: r.accountId, exitCode: r.error.exitCode, err: r.error.message },
          'sync failed',
        );
    if (options.json) writeJson(runtime, { mode, exitCode, accounts: results });
    else if (runtime.human) runtime.io.stderr.write(formatSyncSummary(runtime, results));
    return exitCode;
  } finally {
    progress?.stop();
  }
}

/** `--due`: this process serves its pool's most overdue accounts until none is due or its time is up. */
function runDue(
  runtime: Runtime,
  db: Database,
  engine: SyncEngine,
  mode: 'incremental' | 'reconcile',
  options: SyncOptions,
  stop: StopSignal,
) {
  const cadenceMs = runtime.config.cadenceSeconds[mode] * 1000;
  return runDueAccounts(
    { db, engine, logger: runtime.logger },
    {
      mode,
      pool: runtime.config.egressPool,
      cadenceMs,
      until: Date.now() + (options.maxDuration ?? cadenceMs),
      workers: options.concurrency ?? runtime.config.syncConcurrency,
      wait: options.wait === true,
      signal: stop.signal,
    },
  );
}
