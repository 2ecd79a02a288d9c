import { randomUUID } from 'node:crypto';
import { insertAccount, updateAccount } from '../src/db/accounts/accounts-repo.js';
import { createDatabase, type Database, type Queryable } from '../src/db/database.js';
import { runMigrations } from '../src/db/migrations/migrate.js';
import { createHostawayClient, type HostawayClient } from '../src/hostaway/client.js';
import { createSilentLogger } from '../src/logger.js';
import { createSyncEngine } from '../src/sync/engine.js';
import type { SyncSettings } from '../src/sync/types.js';
import { createScratchDatabase } from './server-database.js';
import {
  startSimulatorProcess,
  type SimulatorProcess,
  type SimulatorProcessOptions,
} from './simulator-process.js';

export type BenchDatabase = Awaited<ReturnType<typeof createBenchDatabase>>;

/** One bench account's size, and the database it is synced into. */
export interface AccountCase {
  listings: number;
  reservations: number;
  database: 'server' | 'pglite';
}

/** A fresh database on BENCH_DATABASE_URL / TEST_DATABASE_URL's server, else an in-memory PGlite. */
export async function createBenchDatabase(
  kind: 'server' | 'pglite' = 'server',
  poolSize = 20,
): Promise<{ db: Database; kind: string; url?: string; drop(): Promise<void> }> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (kind === 'pglite' || !serverUrl) {
    const db = await createDatabase({ memory: true });
    await runMigrations(db);
    return { db, kind: 'PGlite (in memory)', drop: () => db.close() };
  }
  const scratch = await createScratchDatabase(serverUrl);
  const db = await createDatabase({ url: scratch.url, poolSize });
  await runMigrations(db);
  return {
    db,
    kind: `PostgreSQL (${new URL(serverUrl).host})`,
    url: scratch.url,
    async drop() {
      await db.close();
      await scratch.drop();
    },
  };
}

/** Runs `fn` with a simulator process and a fresh bench database (`kind`), both gone afterwards. */
export async function withBenchAccount<T>(
  simulatorOptions: SimulatorProcessOptions,
  kind: 'server' | 'pglite' | undefined,
  fn: (simulator: SimulatorProcess, bench: BenchDatabase) => Promise<T>,
): Promise<T> {
  const simulator = await startSimulatorProcess(simulatorOptions);
  const bench = await createBenchDatabase(kind);
  try {
    return await fn(simulator, bench);
  } finally {
    simulator.stop();
    await bench.drop();
  }
}

export const round = (value: number, digits = 0) => Number(value.toFixed(digits));
export const peakRssMiB = () => round(process.resourceUsage().maxRSS / 1024, 1);

/** WAL bytes the server wrote while `fn` ran (the position is server-wide: run it with nothing else going). */
export async function walBytesOf(db: Queryable, fn: () => Promise<unknown>): Promise<number> {
  const { rows } = await db.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  await fn();
  const { rows: diff } = await db.query<{ bytes: string }>(
    'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::text AS bytes',
    [rows[0]!.lsn],
  );
  return Number(diff[0]!.bytes);
}

/** A Hostaway client and engine for one benchmark: limits off unless given, no token wait, silent. */
export function createBenchEngine(
  db: Database,
  baseUrl: string,
  options: {
    rateLimit?: { perIp: number; perAccount: number; windowMs: number };
    accountConcurrency?: number;
    /** Wraps the client the engine uses (bench instrumentation). */
    wrapClient?: (client: HostawayClient) => HostawayClient;
    settings?: SyncSettings;
  } = {},
) {
  const windowMs = options.rateLimit?.windowMs ?? 1000;
  const client = createHostawayClient({
    baseUrl,
    rateLimit: options.rateLimit ?? { perIp: 1_000_000, perAccount: 1_000_000, windowMs },
    http: { timeoutMs: 30_000, maxRetries: 5, retryBaseMs: 50, rateLimitBackoffMs: windowMs },
    tokenActivationMs: 0,
    logger: createSilentLogger(),
    userAgent: 'hostaway-sync-bench',
  });
  const engine = createSyncEngine({
    db,
    client: options.wrapClient ? options.wrapClient(client) : client,
    logger: createSilentLogger(),
    threadConcurrency: 8,
    accountConcurrency: options.accountConcurrency ?? 1,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  return { client, engine };
}

/**
 * Adds a bench account that syncs the core three only: the benches of listings, reservations and threads
 * compare requests with what those need, so the optional resources (measured in bench/resource-costs.ts)
 * stay off.
 */
export async function insertCoreAccount(
  db: Queryable,
  account: { accountId: number; clientSecret: string; customerId?: string },
): Promise<void> {
  await insertAccount(db, { customerId: randomUUID(), ...account });
  await updateAccount(db, account.accountId, { resources: [] });
}

/** Stores the simulator's first account in the bench database; that account and a bench engine for it. */
export async function createEngineForFirstAccount(
  bench: BenchDatabase,
  simulator: { baseUrl: string; accounts: readonly SimulatorProcess['accounts'][number][] },
) {
  const account = simulator.accounts[0]!;
  await insertCoreAccount(bench.db, account);
  return { account, ...createBenchEngine(bench.db, simulator.baseUrl) };
}
