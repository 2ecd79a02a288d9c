/**
 * A fleet of small accounts over several egress pools on loopback addresses (127.0.0.2, 127.0.0.3, …),
 * each pool served by a CronJob-like loop of `sync incremental --due` processes bound to its address,
 * against a simulator enforcing the per-IP limit. Cadence and rate window are compressed by one factor
 * (fleetOptions). Samples freshness, 429s, pool utilisation, database CPU and
 * transactions per account run.
 */
import { createDatabase, type Queryable } from '../src/db/database.js';
import { round } from './harness.js';
import { assertCliBuilt } from './cli-process.js';
import { createFleetSampler, type FleetSample } from './fleet-sampler.js';
import { runCronJob, type CronJobFigures } from './fleet-workers.js';
import { addAccounts, cliEnv, createServerDatabase } from './server-database.js';
import { startSimulatorProcess, type SimulatorProcessOptions } from './simulator-process.js';

const PER_IP = 15;

/**
 * The simulator process enforcing the per-IP limit on `windowMs`, a fresh fleet database with the accounts
 * spread over pools of `perPool`, and a monitoring connection to the server.
 */
export async function startFleet(
  serverUrl: string,
  options: Pick<SimulatorProcessOptions, 'seed' | 'accounts' | 'webhookDelivery'> & {
    size: FleetOptions['size'];
    windowMs: number;
    perPool: number;
  },
) {
  const { size, windowMs, perPool, ...rest } = options;
  const sim = await startSimulatorProcess({
    ...rest,
    ...size,
    perIp: PER_IP,
    rateLimitWindowMs: windowMs,
    accountsPerGroup: perPool,
  });
  const database = await createServerDatabase(serverUrl);
  const monitor = await createDatabase({ url: serverUrl, poolSize: 1 });
  await addAccounts(database.db, sim.accounts, (i) => `pool-${Math.floor(i / perPool) + 1}`);
  const env = cliEnv(database.url, sim.baseUrl, { perIp: PER_IP, perAccount: 20, windowMs });
  return {
    sim,
    database,
    monitor,
    /** The CLI's environment: the fleet's database, the simulator and its limits. */
    env,
    /** A pool's CronJob environment: its pool, its source address, the incremental cadence. */
    poolEnv: (pool: number, cadenceSeconds: number) => ({
      ...env,
      HOSTAWAY_EGRESS_POOL: `pool-${pool + 1}`,
      HOSTAWAY_LOCAL_ADDRESS: `127.0.0.${pool + 2}`,
      HOSTAWAY_INCREMENTAL_CADENCE_SECONDS: String(cadenceSeconds),
    }),
    async stop() {
      sim.stop();
      await monitor.close();
      await database.drop();
    },
  };
}

export interface FleetOptions {
  pools: number;
  accountsPerPool: number;
  size: { listings: number; reservations: number; conversations: number };
  windowMs: number;
  cadenceSeconds: number;
  /** The CronJob period (compressed like the cadence: 1 min → 6 s). */
  tickSeconds: number;
  maxDurationSeconds: number;
  concurrency: number;
  /** CronJobs per pool (each runs one process at a time). */
  jobsPerPool: number;
  runSeconds: number;
  sampleSeconds: number;
}

export type FleetFigures = Awaited<ReturnType<typeof benchFleet>>;

export async function benchFleet(serverUrl: string, options: FleetOptions) {
  assertCliBuilt();
  const accounts = options.pools * options.accountsPerPool;
  const fleet = await startFleet(serverUrl, {
    seed: 77,
    accounts,
    size: options.size,
    windowMs: options.windowMs,
    perPool: options.accountsPerPool,
  });
  const { sim, database, monitor } = fleet;
  try {
    const emptyBytes = await databaseBytes(database.db);
    const sampler = createFleetSampler({
      fleetDb: database.db,
      monitor,
      databaseName: database.name,
      simulator: sim,
      pools: options.pools,
      perIp: PER_IP,
      windowMs: options.windowMs,
      cadenceSeconds: options.cadenceSeconds,
      tickSeconds: options.tickSeconds,
    });
    await sim.reset();
    await sampler.sample();
    const started = performance.now();
    const until = started + options.runSeconds * 1000;
    const jobs = Array.from({ length: options.pools * options.jobsPerPool }, (_, j) => {
      const pool = j % options.pools;
      return runCronJob({
        env: fleet.poolEnv(pool, options.cadenceSeconds),
        tickMs: options.tickSeconds * 1000,
        maxDurationSeconds: options.maxDurationSeconds,
        concurrency: options.concurrency,
        until,
      });
    });
    let running = true;
    const allJobs = Promise.all(jobs).finally(() => (running = false));
    const samples: FleetSample[] = [];
    const poolRequestsAt: { at: number; perPool: number[] }[] = [];
    let nextSample = started + options.sampleSeconds * 1000;
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (performance.now() >= nextSample || !running) {
        nextSample += options.sampleSeconds * 1000;
        const sample = await sampler.sample();
        if (sample) samples.push(sample);
        poolRequestsAt.push({ at: performance.now(), perPool: perPool(await sim.report(), options) });
      }
    }
    const jobFigures = sumJobs(await allJobs);
    const report = await sim.report();
    const firstCycle = samples.find((s) => s.synced === s.accounts);
    const steadyFrom = (firstCycle?.atSeconds ?? Infinity) + options.cadenceSeconds;
    // The last sample covers the drain after the last CronJob run started: not steady.
    const steady = samples.filter((s) => s.atSeconds >= steadyFrom && s.atSeconds <= options.runSeconds);
    const sum = (key: keyof FleetSample) => steady.reduce((total, s) => total + (s[key] as number), 0);
    const steadySeconds = steady.length * options.sampleSeconds;
    const runs = sum('runs');
    const bytesEnd = await databaseBytes(database.db);
    const { rows: runRows } = await database.db.query<{ bytes: string; rows: number }>(
      `SELECT pg_total_relation_size('hostaway.sync_runs')::text AS bytes, count(*)::int AS rows FROM hostaway.sync_runs`,
    );
    // Every run but each account's first (its first sync): how long an idle run takes, waits included.
    const { rows: durations } = await database.db.query<{ mean: number | null; p95: number | null }>(
      `SELECT avg(extract(epoch FROM finished_at - started_at))::float AS mean,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))::float AS p95
       FROM hostaway.sync_runs
       WHERE finished_at IS NOT NULL AND id NOT IN (SELECT min(id) FROM hostaway.sync_runs GROUP BY account_id)`,
    );
    const steadyPools = poolRequestsAt.filter((p) => p.at - started >= steadyFrom * 1000 && p.at <= until);
    return {
      options,
      samples,
      // Until every account had been synced once (first syncs included).
      firstCycleSeconds: firstCycle?.atSeconds ?? null,
      // Over the samples one cadence after the first cycle (null without one).
      steady: {
        samples: steady.length,
        minWithinCadence: lowest(steady.map((s) => s.withinCadence / s.accounts)),
        minWithinCadenceAndTick: lowest(steady.map((s) => s.withinCadenceAndTick / s.accounts)),
        runs,
        runsPerSecond: round(runs / steadySeconds, 1),
        requestsPerRun: round(sum('requests') / runs, 2),
        utilisation: round(
          sum('requests') / (options.pools * PER_IP * ((steadySeconds * 1000) / options.windowMs)),
          2,
        ),
        transactionsPerRun: round(sum('transactions') / runs, 1),
        databaseCpuSecondsPerRun: round(sum('databaseCpuSeconds') / runs, 4),
        // CPU of the CLI processes (start-up included).
        workerCpuSecondsPerRun: round(sum('workerCpuSeconds') / runs, 4),
        // PostgreSQL CPU seconds per second (cores busy), server-wide.
        databaseCpuShare: round(sum('databaseCpuSeconds') / steadySeconds, 2),
        fleetShareOfServerTransactions: round(sum('transactions') / sum('serverTransactions'), 2),
      },
      // Wall time of an account run after its first, waits included.
      runSeconds: { mean: orNull(durations[0]!.mean), p95: orNull(durations[0]!.p95) },
      responses429: report.responses429,
      busiestWindowPerPool: report.busiestWindowPerGroup,
      // requests ÷ (limit × windows) over the steady samples.
      utilisationPerPool: poolUtilisation(steadyPools, options),
      jobs: jobFigures,
      database: {
        bytesPerAccount: Math.round((bytesEnd - emptyBytes) / accounts),
        syncRunBytes: Math.round(Number(runRows[0]!.bytes) / Math.max(1, runRows[0]!.rows)),
        syncRunsPerAccountRun: 1,
      },
    };
  } finally {
    await fleet.stop();
  }
}

async function databaseBytes(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ bytes: string }>(
    'SELECT pg_database_size(current_database())::text AS bytes',
  );
  return Number(rows[0]!.bytes);
}

const orNull = (value: number | null) => (value === null ? null : round(value, 2));
const lowest = (values: number[]) => (values.length === 0 ? null : round(Math.min(...values), 3));

function perPool(report: { requestsPerAccount: Record<string, number> }, options: FleetOptions): number[] {
  const totals = Array.from({ length: options.pools }, () => 0);
  for (const [account, requests] of Object.entries(report.requestsPerAccount)) {
    const pool = Math.floor((Number(account) - 10_001) / options.accountsPerPool);
    if (pool < options.pools) totals[pool] = totals[pool]! + requests;
  }
  return totals;
}

function poolUtilisation(points: { at: number; perPool: number[] }[], options: FleetOptions): number[] {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last || last === first) return [];
  const windows = (last.at - first.at) / options.windowMs;
  return last.perPool.map((requests, p) => round((requests - first.perPool[p]!) / (PER_IP * windows), 2));
}

export function sumJobs(jobs: CronJobFigures[]): CronJobFigures {
  return jobs.reduce(
    (total, j) => ({
      processes: total.processes + j.processes,
      failedProcesses: total.failedProcesses + j.failedProcesses,
      accountRuns: total.accountRuns + j.accountRuns,
      skipped: total.skipped + j.skipped,
      lastError: j.lastError ?? total.lastError,
    }),
    { processes: 0, failedProcesses: 0, accountRuns: 0, skipped: 0, lastError: undefined },
  );
}
