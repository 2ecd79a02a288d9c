import { DrizzleQueryError } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** drizzle's query builder on one of our connections (both drivers' handles share this type). */
export type Orm = PgDatabase<PgQueryResultHKT>;

/** How a connection runs each statement: the driver's error mapping, PGlite's queue, a test's gate. */
export type RunStatement = <R>(statement: () => Promise<R>) => Promise<R>;

/**
 * `orm` with every statement run through `run` (`orm` itself is left as it was). drizzle wraps each driver
 * error in DrizzleQueryError; the wrapper comes off so callers see the driver's own error (SQLSTATE codes)
 * or the driver's mapping of it (connection lost → exit 69, timeouts → 75), exactly as from `query`.
 */
export function routeStatements<T extends Orm>(orm: T, run: RunStatement): T {
  const inner = orm._.session;
  const session: typeof inner = Object.create(inner);
  session.prepareQuery = (...args) => {
    const prepared = inner.prepareQuery(...args);
    const execute = prepared.execute.bind(prepared);
    prepared.execute = (values) => run(() => execute(values).catch(unwrap));
    return prepared;
  };
  // The builders read `session`; the relational API reads `_.session`.
  return Object.create(orm, { session: { value: session }, _: { value: { ...orm._, session } } });
}

function unwrap(error: unknown): never {
  throw error instanceof DrizzleQueryError && error.cause !== undefined ? error.cause : error;
}
