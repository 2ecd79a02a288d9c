/**
 * One account synced by the built CLI, as a deployment runs it, on a fresh server database: each measured
 * command's API requests (the simulator's count), PostgreSQL transactions, rows written and WAL
 * (bench/database-counters.ts), and optionally its wall time, CPU and peak RSS (bench/timed-process.ts).
 */
import { assertCliBuilt, CLI, expectSuccess, runCli } from './cli-process.js';
import {
  allRowsWritten,
  createCounterReader,
  rowsWrittenTo,
  type CounterReader,
} from './database-counters.js';
import { addAccounts, cliEnv, createServerDatabase } from './server-database.js';
import { postControl, readStats, type SimulatorProcess } from './simulator-process.js';
import { runTimed, type ProcessCost } from './timed-process.js';

/** The tables that hold Hostaway's objects (the rest is bookkeeping: runs, cursors, budget, webhooks). */
const MIRROR_TABLES = [
  'listings',
  'reservations',
  'messages',
  'listing_calendar',
  'resource_objects',
  'message_attachments',
] as const;

export type RunFigures = Awaited<ReturnType<typeof measureAround>>;
export type CliAccount = Awaited<ReturnType<typeof createCliAccount>>;

/** The simulator's API request count since its last reset; resets it. */
async function takeRequestCount(baseUrl: string): Promise<number> {
  const { requests } = await readStats(baseUrl);
  await postControl(baseUrl, '/stats/reset');
  return requests;
}

/**
 * Counters around `run`, a process that touches only the counters' database (and the simulator).
 * `mirrorTables`: the tables whose rows count as mirror rows.
 */
export async function measureAround(
  counters: CounterReader,
  baseUrl: string,
  options: { wal: boolean; mirrorTables: readonly string[] | 'all' },
  run: () => Promise<{ seconds: number; cost?: ProcessCost }>,
) {
  const { wal } = options;
  await takeRequestCount(baseUrl);
  const before = await counters.before({ checkpoint: wal });
  const { seconds, cost } = await run();
  const delta = await counters.since(before);
  const apiRequests = await takeRequestCount(baseUrl);
  return {
    apiRequests,
    transactions: delta.transactions,
    // transactions ÷ API requests.
    transactionsPerRequest: Number((delta.transactions / Math.max(1, apiRequests)).toFixed(3)),
    walBytes: wal ? delta.walBytes : null,
    walFullPageBytes: wal ? delta.walFullPageBytes : null,
    walScope: wal ? delta.walScope : null,
    mirrorRowsWritten:
      options.mirrorTables === 'all' ? allRowsWritten(delta) : rowsWrittenTo(delta, options.mirrorTables),
    // Every table of the schema, bookkeeping included.
    rowsWritten: allRowsWritten(delta),
    seconds: Number(seconds.toFixed(2)),
    ...(cost ? { cost } : {}),
  };
}

/** A fresh database migrated by the CLI with the simulator's first account, core resources only. */
export async function createCliAccount(serverUrl: string, simulator: SimulatorProcess) {
  assertCliBuilt();
  const database = await createServerDatabase(serverUrl);
  const account = simulator.accounts[0]!;
  await addAccounts(database.db, [account]);
  await database.release();
  const counters = await createCounterReader(serverUrl, database.name, database.url);
  const env = cliEnv(database.url, simulator.baseUrl);
  return {
    accountId: account.accountId,
    /**
     * Runs `hostaway-sync args…` and measures it; `wal` takes a CHECKPOINT first and reads the WAL; `env`
     * adds to the limits-off environment.
     */
    async measure(
      args: string[],
      options: { wal?: boolean; timed?: boolean; env?: Record<string, string> } = {},
    ) {
      const runEnv = { ...env, ...options.env };
      return measureAround(
        counters,
        simulator.baseUrl,
        { wal: options.wal ?? false, mirrorTables: MIRROR_TABLES },
        async () => {
          if (options.timed) {
            const run = await runTimed(process.execPath, [CLI, ...args], { env: runEnv });
            if (run.code !== 0) throw new Error(`${args.join(' ')} exited with ${run.code}: ${run.stderr}`);
            return { seconds: run.cost.wallSeconds, cost: run.cost };
          }
          return { seconds: expectSuccess(await runCli(args, runEnv), args.join(' ')).seconds };
        },
      );
    },
    async drop() {
      await counters.close();
      await database.drop();
    },
  };
}
