import type { Queryable } from '../database.js';

/** The database's clock (`now()`: the start of the current transaction, or of this statement outside one). */
export async function readDatabaseClock(db: Queryable): Promise<Date> {
  const { rows } = await db.query<{ now: Date | string }>('SELECT now()');
  return new Date(rows[0]!.now);
}
