import { createDatabase, type Database } from '../../src/db/database.js';

/**
 * Waits of the databases a stalled cell runs on. Short: a held lock fails its statement within a fraction
 * of a second (the matrix runs in CI). Long: a lock wait outlasts the cell, so only a stop can end it.
 */
const SHORT_WAITS = { lockMs: 200, statementMs: 10_000, idleInTransactionMs: 10_000, connectMs: 5_000 };
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
