import pg from 'pg';
import { sleep } from './sleep.js';

/** A lock another session holds on one table, as a stuck transaction of another process would. */
export interface HeldLock {
  /** Resolves once a statement of the tool waits on a lock of this database, or `done()` says to stop. */
  untilWaitedOn(done: () => boolean): Promise<void>;
  /** Ends the holder's session (once; later calls wait for the same end). */
  release(): Promise<void>;
}

/**
 * Another session locks `hostaway.<table>`: `ACCESS EXCLUSIVE` (a migration: reads wait too) or `EXCLUSIVE`
 * (a stuck writer: reads pass, writes wait).
 */
export async function holdTableLock(
  url: string,
  table: string,
  mode: 'ACCESS EXCLUSIVE' | 'EXCLUSIVE' = 'ACCESS EXCLUSIVE',
): Promise<HeldLock> {
  const holder = new pg.Client({ connectionString: url, application_name: 'lock-holder' });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query(`LOCK TABLE hostaway.${table} IN ${mode} MODE`);
  let released: Promise<void> | undefined;
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
    release: () => (released ??= holder.end()),
  };
}
