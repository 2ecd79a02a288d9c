import type { Database } from '../src/db/database.js';
import type { SimulatorProcess } from './simulator-process.js';
import { exitedChildrenCpuSeconds, postgresCpuSeconds } from './postgres-cpu.js';

/** One sample of the fleet, with rates over the interval since the previous one. */
export interface FleetSample {
  atSeconds: number;
  /** Accounts whose last successful run ended at most one cadence ago. */
  withinCadence: number;
  /** … at most one cadence plus one CronJob period ago (the schedule's resolution). */
  withinCadenceAndTick: number;
  /** Accounts synced at least once. */
  synced: number;
  accounts: number;
  /** Account runs finished in the interval. */
  runs: number;
  requests: number;
  responses429: number;
  /** Requests ÷ (pools × limit × windows in the interval). */
  utilisation: number;
  /** The fleet database's transactions (commits + rollbacks) in the interval, the sampler's own excluded. */
  transactions: number;
  /** Every database's transactions in the interval (the server is shared: the fleet's share of its load). */
  serverTransactions: number;
  /** CPU seconds in the interval: the PostgreSQL server (all of it), and the CLI processes that exited. */
  databaseCpuSeconds: number;
  workerCpuSeconds: number;
  blocksRead: number;
  blocksHit: number;
}

interface Counters {
  at: number;
  runs: number;
  requests: number;
  responses429: number;
  transactions: number;
  serverTransactions: number;
  databaseCpu: number;
  workerCpu: number;
  blocksRead: number;
  blocksHit: number;
}

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
  const read = async (): Promise<{
    counters: Counters;
    fresh: Omit<
      FleetSample,
      keyof Counters | 'atSeconds' | 'utilisation' | 'databaseCpuSeconds' | 'workerCpuSeconds'
    >;
  }> => {
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
    return {
      counters: {
        at: performance.now(),
        runs: row.runs,
        requests: report.requests,
        responses429: report.responses429,
        transactions: Number(stats[0]!.xacts) - ownTransactions,
        serverTransactions: Number(stats[0]!.serverXacts),
        databaseCpu: postgresCpuSeconds(),
        workerCpu: exitedChildrenCpuSeconds(),
        blocksRead: Number(stats[0]!.blksRead),
        blocksHit: Number(stats[0]!.blksHit),
      },
      fresh: {
        withinCadence: row.withinCadence,
        withinCadenceAndTick: row.withinCadenceAndTick,
        synced: row.synced,
        accounts: row.accounts,
      },
    };
  };
  let previous: Counters | undefined;
  return {
    /** The first call sets the baseline and returns undefined. */
    async sample(): Promise<FleetSample | undefined> {
      const { counters, fresh } = await read();
      const before = previous;
      previous = counters;
      if (before === undefined) return undefined;
      const seconds = (counters.at - before.at) / 1000;
      const requests = counters.requests - before.requests;
      return {
        atSeconds: Math.round((counters.at - started) / 1000),
        ...fresh,
        runs: counters.runs - before.runs,
        requests,
        responses429: counters.responses429 - before.responses429,
        utilisation: requests / (deps.pools * deps.perIp * ((seconds * 1000) / deps.windowMs)),
        transactions: counters.transactions - before.transactions,
        serverTransactions: counters.serverTransactions - before.serverTransactions,
        databaseCpuSeconds: counters.databaseCpu - before.databaseCpu,
        workerCpuSeconds: counters.workerCpu - before.workerCpu,
        blocksRead: counters.blocksRead - before.blocksRead,
        blocksHit: counters.blocksHit - before.blocksHit,
      };
    },
  };
}
