import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Database } from '../../db/database.js';
import { ConfigError, describeError, ExitCode, InterruptedError } from '../../errors.js';
import { fleetSourcesOf } from '../../observability/fleet-sources.js';
import { createReadinessCheck } from '../../observability/readiness.js';
import { orSetting } from '../../settings/docs.js';
import { createSyncEngine } from '../../sync/engine.js';
import { serveDueAccounts } from '../../sync/run-due.js';
import type { SyncEvent } from '../../sync/types.js';
import type { WorkerServer } from '../../worker/worker-server.js';
import { createWorkerState, type WorkerState } from '../../worker/worker-state.js';
import type { Runtime } from '../runtime.js';
import { runtimeSecrets } from '../secrets.js';
import { onStopSignal, type StopSignal } from '../stop-signal.js';
import { logRunFailure, logRunResult } from '../support/log-run-result.js';
import { parsePoolName, parsePort, parsePositiveInt, type OptionsOf } from '../support/options.js';
import { syncSettings } from '../sync-settings.js';

const DEFAULT_HOST = '0.0.0.0';

export const configure = (program: CommandUnknownOpts) =>
  program
    .command('worker')
    .description(
      "sync the pool's accounts as each falls due, until SIGTERM (GET /healthz /readyz /metrics on --port)",
    )
    .addOption(
      new Option('--mode <mode>', 'the runs it claims')
        .choices(['incremental', 'reconcile'] as const)
        .default('incremental' as const),
    )
    .option(
      '--pool <name>',
      `egress pool to serve (default: ${orSetting('HOSTAWAY_EGRESS_POOL')})`,
      parsePoolName,
    )
    .option(
      '--concurrency <n>',
      `accounts synced at once (default: ${orSetting('HOSTAWAY_SYNC_CONCURRENCY')})`,
      parsePositiveInt,
    )
    .option('--host <host>', `address the probes listen on (default: ${DEFAULT_HOST})`)
    .option(
      '--port <port>',
      `port of /healthz, /readyz and /metrics (default: ${orSetting('HOSTAWAY_SYNC_WORKER_PORT')})`,
      parsePort,
    )
    .addHelpText(
      'after',
      '\nSIGTERM or SIGINT drains: no new claims, runs in progress stop after their\n' +
        'current page and hand their leases back, then it exits 143 (130); a second\n' +
        'signal quits at once.\n' +
        '\nExample:\n  DATABASE_URL=postgres://… hostaway-sync worker --pool eu --port 9464',
    );

type Options = OptionsOf<typeof configure>;

/** Claims and syncs due accounts until a stop signal; exits 143/130 like an interrupted `sync`. */
export async function run(runtime: Runtime, options: Options): Promise<number> {
  const stop = onStopSignal(runtime.logger, {
    stopping: 'draining: no new claims, runs in progress stop after their current page',
  });
  // Requests waiting for the rate budget stop waiting, as in `sync`.
  stop.signal.addEventListener('abort', () => runtime.interruptWaits(new InterruptedError(stop.received()!)));
  try {
    await serve(runtime, options, stop);
  } finally {
    stop.dispose();
  }
  // The loops end only on a stop signal (a fatal error throws).
  return stop.received() === 'SIGINT' ? ExitCode.sigint : ExitCode.sigterm;
}

async function serve(runtime: Runtime, options: Options, stop: StopSignal): Promise<void> {
  const { config, logger } = runtime;
  const { mode } = options;
  const db = await runtime.openDatabase();
  const state = createWorkerState({
    stallMs: config.worker.stallSeconds * 1000,
    loops: config.syncConcurrency,
  });
  const server = await startServer(runtime, db, state, stop, options);
  try {
    const engine = createSyncEngine({
      db,
      client: runtime.createClient(),
      logger,
      threadConcurrency: config.threadConcurrency,
      settings: syncSettings(config),
      accountConcurrency: config.syncConcurrency,
      signal: stop.signal,
      secrets: runtimeSecrets(runtime),
      onEvent: (event) => state.progressed(accountOf(event)),
    });
    await serveDueAccounts(
      { db, engine, logger },
      {
        mode,
        pool: config.egressPool,
        accountCadenceMs: config.accountCadenceSeconds[mode] * 1000,
        workers: config.syncConcurrency,
        wait: true,
        signal: stop.signal,
        onTick: () => state.tick(),
        onRunStarted: (accountId) => state.runStarted(accountId),
        onResult: (result) => {
          state.runFinished(result);
          logRunResult(logger, result);
          logRunFailure(logger, result);
        },
      },
    );
  } finally {
    await server.close();
  }
  logger.info({ finished: state.finished }, 'worker stopped');
}

const accountOf = (event: SyncEvent) => ('accountId' in event ? event.accountId : event.result.accountId);

async function startServer(
  runtime: Runtime,
  db: Database,
  state: WorkerState,
  stop: StopSignal,
  options: Options,
): Promise<WorkerServer> {
  const { config, logger } = runtime;
  // Loaded on demand: only the worker needs its listener and the metrics library.
  const { createWorkerServer } = await import('../../worker/worker-server.js');
  const { createWorkerMetrics } = await import('../../worker/worker-metrics.js');
  const metrics = createWorkerMetrics(
    state,
    fleetSourcesOf(db, {
      rateBudget: { limit: config.rateLimit.perIp, windowMs: config.rateLimit.windowMs },
      settings: syncSettings(config),
    }),
  );
  const server = createWorkerServer(
    {
      liveness: () => state.liveness(),
      readiness: createReadinessCheck({ db, isStopping: () => stop.signal.aborted }),
      metrics: () => metrics.render(),
    },
    logger,
  );
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? config.worker.port;
  try {
    const { url } = await server.listen(port, host);
    logger.info({ url, pool: config.egressPool, workers: config.syncConcurrency }, 'worker started');
  } catch (error) {
    throw new ConfigError(`cannot listen on ${host}:${port}: ${describeError(error)}`, {
      hint: 'choose another --port (HOSTAWAY_SYNC_WORKER_PORT) or --host',
      cause: error,
    });
  }
  return server;
}
