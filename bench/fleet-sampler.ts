import type { Database } from '../src/db/database.js';
import type { SimulatorProcess } from './simulator-process.js';
import { exitedChildrenCpuSeconds, postgresCpuSeconds } from './postgres-cpu.js';

/** One sample of the fleet: freshness now, and each counter's change over the interval since the previous one. */
export type FleetSample = NonNullable<Awaited<ReturnType<ReturnType<typeof createFleetSampler>['sample']>>>;

/**
 * Samples a running fleet: freshness from the fleet database (accounts.last_sync_at, sync_runs), traffic
 * from the simulator, transactions and block reads from pg_stat_database, CPU from /proc.
 */
export function createFleetSampler(deps: {
  fleetDb: Database;
  /** A connection to another database of the server (its queries do not count as the fleet's). */
  monitor: Database;
  databaseName: string;
  simulator: SimulatorProcess;
  pools: number;
  perIp: number;
  windowMs: number;
  cadenceSeconds: number;
  tickSeconds: number;
}) {
  const started = performance.now();
  let ownTransactions = 0;
  const read = async () => {
    const { rows } = await deps.fleetDb.query<{
      withinCadence: number;
      withinCadenceAndTick: number;
      synced: number;
      accounts: number;
      runs: number;
    }>(
      `SELECT count(*) FILTER (WHERE last_sync_at >= now() - make_interval(secs => $1))::int AS "withinCadence",
         count(*) FILTER (WHERE last_sync_at >= now() - make_interval(secs => $1 + $2))::int AS "withinCadenceAndTick",
         count(last_sync_at)::int AS synced, count(*)::int AS accounts,
         (SELECT count(*) FROM hostaway.sync_runs WHERE finished_at IS NOT NULL)::int AS runs
       FROM hostaway.accounts`,
      [deps.cadenceSeconds, deps.tickSeconds],
    );
    ownTransactions += 1;
    const { rows: stats } = await deps.monitor.query<{
      xacts: string;
      serverXacts: string;
      blksRead: string;
      blksHit: string;
    }>(
      `SELECT sum(xact_commit + xact_rollback) FILTER (WHERE datname = $1)::text AS xacts,
         sum(xact_commit + xact_rollback)::text AS "serverXacts",
         sum(blks_read) FILTER (WHERE datname = $1)::text AS "blksRead",
         sum(blks_hit) FILTER (WHERE datname = $1)::text AS "blksHit"
       FROM pg_stat_database`,
      [deps.databaseName],
    );
    const report = await deps.simulator.report();
    const row = rows[0]!;
    const counters = {
      /** Account runs finished. */
      runs: row.runs,
      requests: report.requests,
      responses429: report.responses429,
      /** The fleet database's transactions (commits + rollbacks), the sampler's own excluded. */
      transactions: Number(stats[0]!.xacts) - ownTransactions,
      /** Every database's transactions (the server is shared: the fleet's share of its load). */
      serverTransactions: Number(stats[0]!.serverXacts),
      /** CPU seconds: the PostgreSQL server (all of it), and the CLI processes that exited. */
      databaseCpuSeconds: postgresCpuSeconds(),
      workerCpuSeconds: exitedChildrenCpuSeconds(),
      blocksRead: Number(stats[0]!.blksRead),
      blocksHit: Number(stats[0]!.blksHit),
    };
    // withinCadence: accounts whose last successful run ended at most one cadence ago; withinCadenceAndTick:
    // at most one cadence plus one CronJob period ago (the schedule's resolution); synced: at least once.
    const { withinCadence, withinCadenceAndTick, synced, accounts } = row;
    return {
      at: performance.now(),
      counters,
      fresh: { withinCadence, withinCadenceAndTick, synced, accounts },
    };
  };
  type Counters = Awaited<ReturnType<typeof read>>['counters'];
  let previous: { at: number; counters: Counters } | undefined;
  return {
    /** The first call sets the baseline and returns undefined. */
    async sample() {
      const { at, counters, fresh } = await read();
      const before = previous;
      previous = { at, counters };
      if (before === undefined) return undefined;
      const change = Object.fromEntries(
        Object.entries(counters).map(([key, value]) => [key, value - before.counters[key as keyof Counters]]),
      ) as Counters;
      const windows = (at - before.at) / deps.windowMs;
      return {
        atSeconds: Math.round((at - started) / 1000),
        ...fresh,
        ...change,
        /** Requests ÷ (pools × limit × windows in the interval). */
        utilisation: change.requests / (deps.pools * deps.perIp * windows),
      };
    },
  };
}
