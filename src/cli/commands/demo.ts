import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { Chalk } from 'chalk';
import type { Database } from '../../db/database.js';
import { runMigrations } from '../../db/migrations/migrate.js';
import { readDemoSamples } from '../../db/queries/demo-samples.js';
import { countMirrorRows } from '../../db/mirror/row-counts.js';
import { createHostawayClient, type HostawayClient } from '../../hostaway/client.js';
import type { Simulator } from '../../simulator/index.js';
import { createSyncEngine } from '../../sync/engine.js';
import type { RunResult, SyncMode } from '../../sync/types.js';
import { InterruptedError } from '../../errors.js';
import { USER_AGENT } from '../../version.js';
import { writeJson } from '../render/output.js';
import { createSyncProgress } from '../render/sync-progress.js';
import type { Runtime } from '../runtime.js';
import { syncExitCode } from '../sync-exit-code.js';
import { onStopSignal } from '../stop-signal.js';
import { ensureDemoAccount, retireDemoAccount } from '../support/demo-account.js';
import { applyDemoChanges } from '../support/demo-changes.js';
import { keepSimulatorRunning } from '../support/demo-keep.js';
import { formatDemoRun, formatTryIt, formatWhatHappened, type DemoReport } from '../support/demo-report.js';
import { runtimeSecrets } from '../secrets.js';
import { syncSettings } from '../sync-settings.js';
import { type OptionsOf, parsePositiveInt } from '../support/options.js';

export const configure = (program: CommandUnknownOpts) =>
  program
    .command('demo')
    .description(
      'try everything offline: simulator, migrate, full sync, changes, incremental sync, then what happened',
    )
    .option('--reservations <n>', 'reservations in the demo account', parsePositiveInt, 800)
    .option('--listings <n>', 'listings in the demo account', parsePositiveInt, 20)
    .option('--keep-simulator', 'keep the simulator running afterwards (until Ctrl-C) to try more commands')
    .option('--json', 'print a machine-readable report on stdout')
    .addHelpText(
      'after',
      `
Uses the embedded database unless DATABASE_URL is set, and leaves the data in
place for exploring. The demo account (10001) is deactivated at the end so that
"sync --all" skips it; remove it with:
  hostaway-sync accounts remove 10001 --hard --yes

Examples:
  hostaway-sync demo
  hostaway-sync demo --reservations 5000
  hostaway-sync demo --keep-simulator`,
    );

type Options = OptionsOf<typeof configure>;

const DEMO_SEED = 1;

interface DemoContext {
  runtime: Runtime;
  db: Database;
  sim: Simulator;
  client: HostawayClient;
  signal: AbortSignal;
  /** Human narration on stdout (nothing with --json). */
  say: (text: string) => void;
  color: Runtime['color'];
}

/**
 * The guided tour: simulator → migrate → demo account → full sync → changes upstream → incremental sync →
 * what happened and what to try. The database is left in place for exploring.
 */
export async function run(runtime: Runtime, options: Options): Promise<number> {
  const started = Date.now();
  const db = await runtime.openDatabase({ schema: 'skip' });
  const { applied } = await runMigrations(db);
  const { createSimulator } = await import('../../simulator/index.js');
  const sim = createSimulator({
    seed: DEMO_SEED,
    listings: options.listings,
    reservations: options.reservations,
    rateLimit: { enabled: false },
    // No 12 MiB file: the demo's attachments are the ordinary ones, one message in 15.
    resources: { largeAttachmentBytes: 0 },
  });
  const { baseUrl } = await sim.listen(0, '127.0.0.1');
  const client = createDemoClient(runtime, baseUrl);
  const stop = onStopSignal(runtime.logger);
  const color = runtime.io.stdout.isTTY ? runtime.color : new Chalk({ level: 0 });
  const say = (text: string) => (options.json ? undefined : runtime.io.stdout.write(text));
  const ctx: DemoContext = { runtime, db, sim, client, signal: stop.signal, say, color };
  let report: DemoReport;
  try {
    report = await tour(ctx, options, applied);
  } finally {
    stop.dispose();
    client.close();
    if (!options.keepSimulator) {
      await sim.close();
      await retireDemoAccount(db, sim.accounts[0]!.accountId);
    }
  }
  report.durationMs = Date.now() - started;
  const exitCode = syncExitCode([report.full, report.incremental], stop.received());
  return finish(ctx, options, { ...report }, exitCode);
}

async function tour(ctx: DemoContext, options: Options, applied: string[]): Promise<DemoReport> {
  const { db, sim, say, color } = ctx;
  const account = sim.accounts[0]!;
  const schema = applied.length > 0 ? `created (${applied.join(', ')})` : 'up to date';
  say(`${color.green('✔')} database schema ${schema}\n`);
  const size = `${options.listings} listings, ${options.reservations} reservations`;
  say(`${color.green('✔')} simulator on ${sim.baseUrl}: ${size}\n`);
  const state = await ensureDemoAccount(db, account, runtimeSecrets(ctx.runtime, true));
  const reused = 'reused from an earlier demo (only changes get written)';
  say(`${color.green('✔')} demo account ${account.accountId} ${state === 'added' ? 'added' : reused}\n`);
  const full = await demoSync(ctx, account.accountId, 'full');
  if (ctx.signal.aborted) throw new InterruptedError(ctx.signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
  const today = new Date().toISOString().slice(0, 10);
  const changes = applyDemoChanges(sim, account.accountId, today);
  say(`\n${color.bold('Meanwhile in Hostaway')} (the simulator changes a few records):\n`);
  say(changes.map((change) => `  • ${change}\n`).join(''));
  const incremental = await demoSync(ctx, account.accountId, 'incremental');
  return {
    database: db.description,
    databaseKind: db.kind,
    simulator: {
      baseUrl: sim.baseUrl,
      seed: DEMO_SEED,
      listings: options.listings,
      reservations: options.reservations,
    },
    accountId: account.accountId,
    account: state,
    migrationsApplied: applied,
    full,
    changes,
    incremental,
    rows: await countMirrorRows(db, account.accountId),
    samples: await readDemoSamples(db, account.accountId),
    durationMs: 0,
    rateLimit: ctx.runtime.config.rateLimit,
  };
}

async function demoSync(ctx: DemoContext, accountId: number, mode: SyncMode): Promise<RunResult> {
  const { runtime } = ctx;
  const title = mode === 'full' ? 'Full sync' : 'Incremental sync';
  const what = mode === 'full' ? 'reads everything' : 'reads what changed since the last run';
  ctx.say(`\n${ctx.color.bold(title)} (${what})\n`);
  const progress = runtime.human ? await createSyncProgress(runtime) : null;
  const engine = createSyncEngine({
    db: ctx.db,
    client: ctx.client,
    logger: runtime.logger,
    threadConcurrency: runtime.config.threadConcurrency,
    settings: demoSettings(runtime, ctx.sim.baseUrl),
    accountConcurrency: 1,
    signal: ctx.signal,
    secrets: runtimeSecrets(runtime, true),
    onEvent: (event) => progress?.onEvent(event),
  });
  try {
    const result = await engine.run(accountId, mode);
    progress?.stop();
    ctx.say(formatDemoRun(result, ctx.color));
    return result;
  } finally {
    progress?.stop();
  }
}

/**
 * The configured tuning, but files come from the local simulator: its loopback host is allowed (plain http
 * at a loopback address) and there is no need to pace the downloads.
 */
function demoSettings(runtime: Runtime, simulatorUrl: string) {
  const settings = syncSettings(runtime.config);
  const { host } = new URL(simulatorUrl);
  const allowedHosts = [...(settings.attachments?.allowedHosts ?? []), host];
  return { ...settings, attachments: { ...settings.attachments, allowedHosts, perSecond: 1000 } };
}

/** The simulator is local: no rate limit to respect and no token activation delay to wait out. */
function createDemoClient(runtime: Runtime, baseUrl: string): HostawayClient {
  return createHostawayClient({
    baseUrl,
    rateLimit: { perIp: 10_000, perAccount: 10_000, windowMs: 1_000 },
    http: runtime.config.http,
    tokenActivationMs: 0,
    logger: runtime.logger,
    userAgent: USER_AGENT,
  });
}

async function finish(ctx: DemoContext, options: Options, report: DemoReport, exitCode: number) {
  const { runtime, db, say, color } = ctx;
  if (options.json) writeJson(runtime, { ...report, exitCode });
  say(`\n${formatWhatHappened(report, color)}\n${formatTryIt(report, color, runtime.config.dataDir)}\n`);
  if (options.keepSimulator) {
    await keepSimulatorRunning(ctx.runtime, db, ctx.sim, report.accountId);
    return exitCode;
  }
  say(
    `The demo account ${report.accountId} is now inactive, so "sync --all" skips it.\n` +
      `Delete it and its rows with: npx hostaway-sync accounts remove ${report.accountId} --hard --yes\n`,
  );
  return exitCode;
}
