import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { DatabaseTimeouts } from './database-timeouts.js';
import type { Orm } from './drivers/orm.js';
import type * as PgliteDriver from './drivers/pglite-driver.js';

export interface QueryResult<T> {
  rows: T[];
  /** Rows returned (SELECT, RETURNING) or affected (INSERT/UPDATE/DELETE without RETURNING); 0 for DDL. */
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** drizzle's query builder on the same connection (inside a transaction, the transaction's). */
  readonly orm: Orm;
}

/** A result with every value as PostgreSQL's text output (what psql shows), for the `sql` command. */
export interface TextQueryResult {
  /** Column names (they may repeat, as in `select 1, 1`) and type OIDs, in order. */
  fields: { name: string; typeId: number }[];
  /** One array per row, in column order; null for SQL NULL. */
  rows: (string | null)[][];
}

/** What one transaction sets for itself (the server driver; the embedded one has no other session to wait on). */
export interface TransactionOptions {
  /** READ COMMITTED whatever the database's default isolation. */
  readCommitted?: boolean;
  /** Shorter bounds than the connection's, local to the transaction. */
  lockMs?: number;
  statementMs?: number;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Where the data lives, safe to print (never contains a password). */
  readonly description: string;
  /** Runs `fn` on one dedicated connection (session advisory locks). Use only `session` inside `fn`. */
  withSession<T>(fn: (session: Queryable) => Promise<T>): Promise<T>;
  /**
   * BEGIN/COMMIT (ROLLBACK when `fn` throws) on one connection. Use only `tx` inside `fn`. `options` are set
   * by the BEGIN itself, in its round trip.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Runs exactly one statement without parameters (the server refuses several) inside `BEGIN READ ONLY …
   * ROLLBACK` on one connection, with every value as text and rows as arrays (the `sql` command).
   */
  queryReadOnly(text: string): Promise<TextQueryResult>;
  /**
   * Runs `fn`; once `signal` aborts, the statements `fn` has running on this database are cancelled (each
   * fails with SQLSTATE 57014), so a stop ends a wait on a lock held elsewhere instead of waiting for its
   * bound. PGlite runs `fn` as it is: nothing else can hold its locks.
   */
  stoppable<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL connection URL; when set, a `pg` pool is used. */
  url?: string;
  /** Embedded PGlite data directory (created if missing), used when `url` is not set. */
  dataDir?: string;
  /** Embedded PGlite in memory (tests, demos), used when neither `url` nor `dataDir` is set. */
  memory?: boolean;
  /** Pool size for `url` (default 10). */
  poolSize?: number;
  applicationName?: string;
  /** Bounds of every wait on a server database (default `DEFAULT_DATABASE_TIMEOUTS`). */
  timeouts?: Partial<DatabaseTimeouts>;
}

export const DEFAULT_APPLICATION_NAME = 'hostaway-sync';

/** Opens the configured database: a `pg` pool for `url`, else embedded PGlite (data directory or memory). */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url !== undefined && options.url !== '') {
    const { createPostgresDatabase } = await import('./drivers/postgres-driver.js');
    return createPostgresDatabase(options.url, options);
  }
  if ((options.dataDir !== undefined && options.dataDir !== '') || options.memory === true) {
    const { createPgliteDatabase } = await importEmbeddedDriver();
    return createPgliteDatabase(options);
  }
  throw new ConfigError('no database configured', {
    hint: 'set DATABASE_URL to a PostgreSQL URL, or a data directory for the embedded database',
  });
}

/** The embedded driver, an optional dependency: installations for a server (the image) leave it out. */
async function importEmbeddedDriver(): Promise<typeof PgliteDriver> {
  try {
    return await import('./drivers/pglite-driver.js');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new ConfigError('the embedded database is not installed in this build', {
      hint: 'set DATABASE_URL to a PostgreSQL URL (or install @electric-sql/pglite)',
      cause: error,
    });
  }
}

/** The embedded database's description (also `Database.description` once it is open). */
export function describeEmbedded(dataDir: string | undefined): string {
  return `embedded PostgreSQL (PGlite) ${dataDir === undefined ? 'in memory' : `in ${resolve(dataDir)}`}`;
}

/**
 * What `createDatabase(options)` would open, without opening it (so a CLI can say so first, since creating
 * an embedded database takes seconds): null when nothing is configured. `creating`: a new data directory.
 */
export async function describeDatabase(
  options: DatabaseOptions,
): Promise<{ description: string; creating: boolean } | null> {
  if (options.url !== undefined && options.url !== '') {
    const { describePostgresUrl } = await import('./drivers/postgres-driver.js');
    return { description: describePostgresUrl(options.url), creating: false };
  }
  if (options.dataDir !== undefined && options.dataDir !== '') {
    const creating = !existsSync(join(options.dataDir, 'PG_VERSION'));
    return { description: describeEmbedded(options.dataDir), creating };
  }
  return options.memory === true ? { description: describeEmbedded(undefined), creating: false } : null;
}
