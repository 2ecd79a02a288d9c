import pg from 'pg';
import { createDatabase, type Database } from '../../src/db/database.js';
import { sleep } from './sleep.js';

/**
 * Waits of the databases a stalled cell runs on. Short: a held lock fails its statement within a fraction
 * of a second (the matrix runs in CI). Long: a lock wait outlasts the cell, so only a stop can end it.
 */
const SHORT_WAITS = { lockMs: 300, statementMs: 10_000, idleInTransactionMs: 10_000, connectMs: 5_000 };
const LONG_WAITS = { ...SHORT_WAITS, lockMs: 10 * 60_000, statementMs: 10 * 60_000 };

/** A server database for stalled cells: its URL (another session locks tables on it) and both waits. */
export interface StallDatabase {
  url: string;
  short: Database;
  long: Database;
}

export async function openStallDatabase(url: string): Promise<StallDatabase> {
  const open = (timeouts: typeof SHORT_WAITS) => createDatabase({ url, poolSize: 5, timeouts });
  return { url, short: await open(SHORT_WAITS), long: await open(LONG_WAITS) };
}

export async function closeStallDatabase(stall: StallDatabase | undefined): Promise<void> {
  await stall?.short.close();
  await stall?.long.close();
}

/** A lock another session holds on one table, as a stuck transaction of another process would. */
export interface HeldLock {
  /** Resolves once a statement of the tool waits on a lock of this database, or `done()` says to stop. */
  untilWaitedOn(done: () => boolean): Promise<void>;
  release(): Promise<void>;
}

export async function holdTableLock(url: string, table: string): Promise<HeldLock> {
  const holder = new pg.Client({ connectionString: url, application_name: 'conformance-lock-holder' });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query(`LOCK TABLE hostaway.${table} IN ACCESS EXCLUSIVE MODE`);
  return {
    async untilWaitedOn(done) {
      while (!done()) {
        // Inside the holder's transaction the activity view would stay as first read.
        await holder.query('SELECT pg_stat_clear_snapshot()');
        const { rows } = await holder.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'hostaway-sync'
              AND wait_event_type = 'Lock'`,
        );
        if (rows[0]!.n > 0) return;
        await sleep(20);
      }
    },
    release: () => holder.end(),
  };
}
