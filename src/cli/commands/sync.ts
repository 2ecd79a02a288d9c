import { InvalidArgumentError, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Database } from '../../db/database.js';
import { InterruptedError } from '../../errors.js';
import { createSyncEngine, type SyncEngine } from '../../sync/engine.js';
import { runDueAccounts } from '../../sync/run-due.js';
import { untilStopped } from '../../sync/stop.js';
import type { SyncEvent, SyncMode } from '../../sync/types.js';
import { writeJson } from '../render/output.js';
import { createSyncProgress } from '../render/sync-progress.js';
import { formatSyncSummary } from '../render/sync-summary.js';
import type { Runtime } from '../runtime.js';
import { syncExitCode } from '../sync-exit-code.js';
import { onStopSignal, type StopSignal } from '../stop-signal.js';
import { logRunFailure, logRunResult } from '../support/log-run-result.js';
import { checkSyncOptions, selectAccounts } from '../support/select-accounts.js';
import { syncSettings } from '../sync-settings.js';
import { runtimeSecrets } from '../secrets.js';
import { orSetting } from '../../settings/docs.js';
import type { Shard } from '../../sync/shard.js';
import { collectInt, parseDurationMsOption, parsePositiveInt, type OptionsOf } from '../support/options.js';

export const MODES = ['full', 'incremental', 'reconcile'] as const satisfies readonly SyncMode[];

/** Most shards a fleet splits its accounts into (an Indexed Job's completions). */
const MAX_SHARDS = 10_000;

/** "i/n" with 0 ≤ i < n ≤ MAX_SHARDS. */
export function parseShard(value: string): Shard {
  const match = /^(\d{1,9})\/(\d{1,9})$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > MAX_SHARDS || index >= count)
    throw new InvalidArgumentError(`expected i/n with 0 <= i < n <= ${MAX_SHARDS}, e.g. 0/4.`);
  return { index, count };
}

const DESCRIPTIONS: Record<SyncMode, string> = {
  full: 'read everything: listings, reservations and every message thread (onboarding and repair)',
  incremental: 'read only what changed since the last run (the first run is a full one)',
  reconcile:
    'the nightly pass: complete lists, proven deletions, changed threads and a rolling verification of the rest',
};

const declare = (sync: CommandUnknownOpts, mode: SyncMode) =>
  sync
    .command(mode)
    .description(DESCRIPTIONS[mode])
    .option('-a, --account <id>', 'account to sync (repeatable)', collectInt)
    .addOption(new Option('--all', 'every active account').conflicts('account'))
    .option(
      '--shard <i/n>',
      'with --all: only the accounts of shard i of n (account id mod n = i)',
      parseShard,
    )
    .option(
      '--concurrency <n>',
      `accounts synced at once (default: ${orSetting('HOSTAWAY_SYNC_CONCURRENCY')})`,
      parsePositiveInt,
    );

const addDueOptions = (command: ReturnType<typeof declare>) =>
  command
    .addOption(
      new Option(
        '--due',
        'claim the most overdue accounts of this pool (HOSTAWAY_EGRESS_POOL) until none is due',
      ).conflicts(['account', 'all', 'shard']),
    )
    .option(
      '--max-duration <duration>',
      'with --due: stop claiming after this long (default: one account cadence)',
      parseDurationMsOption,
    )
    .option(
      '--wait',
      'with --due: when no account is due, wait for the next one instead of exiting, until --max-duration is up',
    );

/**
 * `sync <mode>`. Fleet scheduling (`--due`) claims incremental and reconcile runs; a full run is chosen on
 * purpose, so `sync full` neither shows nor accepts the due options (its options' type still names them).
 */
export function configure(sync: CommandUnknownOpts, mode: SyncMode) {
  const command = declare(sync, mode);
  return (mode === 'full' ? (command as ReturnType<typeof addDueOptions>) : addDueOptions(command))
    .option('--json', 'print a machine-readable summary on stdout')
    .addHelpText(
      'after',
      `\nExamples:\n  hostaway-sync sync ${mode} --account 12345\n  hostaway-sync sync ${mode} --all --json` +
        (mode === 'full' ? '' : `\n  hostaway-sync sync ${mode} --due --max-duration 4m`),
    );
}

export type SyncOptions = OptionsOf<typeof configure>;

export async function run(runtime: Runtime, mode: SyncMode, options: SyncOptions): Promise<number> {
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
  const accountIds = options.due
    ? []
    : await untilStopped(db, stop.signal, () => selectAccounts(runtime, db, options));
  runtime.logger.info(
    options.due ? { mode, pool: runtime.config.egressPool, due: true } : { mode, accounts: accountIds },
    'sync started',
  );
  const progress = runtime.human ? await createSyncProgress(runtime) : null;
  const logEvent = (event: SyncEvent) => {
    if (event.type === 'run.finished' || event.type === 'run.failed')
      logRunResult(runtime.logger, event.result);
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
    for (const result of results) logRunFailure(runtime.logger, result);
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
  const accountCadenceMs = runtime.config.accountCadenceSeconds[mode] * 1000;
  return runDueAccounts(
    { db, engine, logger: runtime.logger },
    {
      mode,
      pool: runtime.config.egressPool,
      accountCadenceMs,
      until: Date.now() + (options.maxDuration ?? accountCadenceMs),
      workers: options.concurrency ?? runtime.config.syncConcurrency,
      wait: options.wait === true,
      signal: stop.signal,
    },
  );
}
