/**
 * Several `hostaway-sync` processes on one egress pool against a simulator that enforces the per-IP limit
 * (window shortened): the same work (a full sync of every account) by 1, 2 and 4 processes (`--all --shard
 * i/n`), then the priority: an idle incremental run of one account alone, and again while full syncs of the
 * others run in other processes.
 */
import { createCounterReader, rowsWrittenTo } from './database-counters.js';
import { round } from './harness.js';
import { assertCliBuilt, expectSuccess, runCli, startCli } from './cli-process.js';
import { addAccounts, cliEnv, createServerDatabase, type ServerDatabase } from './server-database.js';
import { startSimulatorProcess, type SimulatorProcess, type SimulatorReport } from './simulator-process.js';

const PER_IP = 15;

export type MultiProcessFigures = Awaited<ReturnType<typeof benchMultiProcess>>;

export interface MultiProcessOptions {
  /** The simulator's rate-limit window (Hostaway's is 10 s). */
  windowMs: number;
  /** Each of the 4 accounts. */
  size: { listings: number; reservations: number; conversations: number };
  /** How many processes share the work, one run each. */
  processCounts: number[];
}

export async function benchMultiProcess(
  serverUrl: string,
  { windowMs, size, processCounts }: MultiProcessOptions,
) {
  assertCliBuilt();
  const accounts = 4;
  const sim = await startSimulatorProcess({
    seed: 31,
    accounts,
    ...size,
    perIp: PER_IP,
    rateLimitWindowMs: windowMs,
  });
  try {
    const runs: ReturnType<typeof processCountFigures>[] = [];
    let priority: Awaited<ReturnType<typeof benchPriority>> | undefined;
    for (const processes of processCounts) {
      const database = await createServerDatabase(serverUrl);
      try {
        await addAccounts(database.db, sim.accounts);
        await database.release();
        const env = cliEnv(database.url, sim.baseUrl, { perIp: PER_IP, perAccount: 20, windowMs });
        await sim.reset();
        const measured = await runProcesses(serverUrl, database, processes, env);
        runs.push(processCountFigures(processes, await sim.report(), measured, windowMs, runs[0]?.seconds));
        // The last database has every account synced: the priority case runs on it.
        if (processes === processCounts.at(-1)) priority = await benchPriority(sim, env);
      } finally {
        await database.drop();
      }
    }
    return {
      windowMs,
      perIp: PER_IP,
      accounts,
      size: `${size.listings} / ${size.reservations} / ${size.conversations}`,
      runs,
      priority: priority!,
    };
  } finally {
    sim.stop();
  }
}

function processCountFigures(
  processes: number,
  report: SimulatorReport,
  { exits, seconds, transactions, budgetWrites }: Awaited<ReturnType<typeof runProcesses>>,
  windowMs: number,
  oneProcessSeconds = seconds,
) {
  return {
    processes,
    apiRequests: report.requests,
    responses429: report.responses429,
    // The limit is PER_IP.
    busiestWindow: report.busiestWindowPerGroup[0]!,
    seconds: round(seconds, 1),
    // requests ÷ (limit × windows elapsed).
    utilisation: round(report.requests / (PER_IP * ((seconds * 1000) / windowMs)), 2),
    wallTimeVsOne: round(seconds / oneProcessSeconds, 2),
    // PostgreSQL transactions of the processes (their database only).
    transactions,
    transactionsPerRequest: round(transactions / report.requests, 3),
    // The rate budget's own transactions, apart from the syncs' page writes and run records: each renewal
    // (and each 429 recorded) writes its pool's counters row once.
    budgetTransactionsPerRequest: round(budgetWrites / report.requests, 3),
    exitCodes: exits.map((run) => run.code),
  };
}

/** `processes` CLI processes syncing every account, one shard each; their wall time and transactions. */
async function runProcesses(
  serverUrl: string,
  database: ServerDatabase,
  processes: number,
  env: Record<string, string>,
) {
  const counters = await createCounterReader(serverUrl, database.name, database.url);
  try {
    const before = await counters.before();
    const started = performance.now();
    const exits = await Promise.all(
      Array.from({ length: processes }, (_, i) =>
        runCli(
          ['sync', 'full', '--all', ...(processes > 1 ? ['--shard', `${i}/${processes}`] : []), '--json'],
          env,
        ),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    exits.forEach((run, i) => expectSuccess(run, `sync full process ${i + 1} of ${processes}`));
    const delta = await counters.since(before);
    return {
      exits,
      seconds,
      transactions: delta.transactions,
      budgetWrites: rowsWrittenTo(delta, ['rate_pools']),
    };
  } finally {
    await counters.close();
  }
}

/** An idle incremental of the last account alone, then while the others run full syncs, one process each. */
async function benchPriority(sim: SimulatorProcess, env: Record<string, string>) {
  const ids = sim.accounts.map((a) => a.accountId);
  const small = String(ids.at(-1));
  const incremental = ['sync', 'incremental', '--account', small, '--json'];
  await sim.reset();
  const alone = expectSuccess(await runCli(incremental, env), 'incremental alone');
  const incrementalRequests = (await sim.report()).requests;
  const fullStarted = performance.now();
  const fulls = ids
    .slice(0, -1)
    .map((id) => startCli(['sync', 'full', '--account', String(id), '--json'], env).done);
  // Let the full syncs start and fill the pool's budget first.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const during = expectSuccess(await runCli(incremental, env), 'incremental during full syncs');
  const fullRuns = await Promise.all(fulls);
  fullRuns.forEach((run) => expectSuccess(run, 'full sync beside the incremental'));
  return {
    aloneSeconds: round(alone.seconds, 2),
    duringFullSeconds: round(during.seconds, 2),
    fullSeconds: round((performance.now() - fullStarted) / 1000, 1),
    fullProcesses: fulls.length,
    incrementalRequests,
    responses429: (await sim.report()).responses429,
  };
}
