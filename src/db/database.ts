import { ConfigError } from '../errors.js';

export interface QueryResult<T> {
  rows: T[];
  /** Rows returned (SELECT, RETURNING) or affected (INSERT/UPDATE/DELETE without RETURNING); 0 for DDL. */
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Where the data lives, safe to print (never contains a password). */
  readonly description: string;
  /** Runs `fn` on one dedicated connection (session advisory locks). Use only `session` inside `fn`. */
  withSession<T>(fn: (session: Queryable) => Promise<T>): Promise<T>;
  /** BEGIN/COMMIT (ROLLBACK when `fn` throws) on one connection. Use only `tx` inside `fn`. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL connection URL; when set, a `pg` pool is used. */
  url?: string;
  /** Embedded PGlite data directory (created if missing), used when `url` is not set. */
  dataDir?: string;
  /** Embedded PGlite in memory (tests, demos), used when neither `url` nor `dataDir` is set. */
  memory?: boolean;
  /** Pool size for `url` (default 10). A held account lock keeps one connection for the whole run. */
  poolSize?: number;
  applicationName?: string;
}

export const DEFAULT_APPLICATION_NAME = 'hostaway-sync';

/** Opens the configured database: a `pg` pool for `url`, else embedded PGlite (data directory or memory). */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url !== undefined && options.url !== '') {
    const { createPostgresDatabase } = await import('./postgres-driver.js');
    return createPostgresDatabase(options.url, options);
  }
  if ((options.dataDir !== undefined && options.dataDir !== '') || options.memory === true) {
    const { createPgliteDatabase } = await import('./pglite-driver.js');
    return createPgliteDatabase(options);
  }
  throw new ConfigError('no database configured', {
    hint: 'set DATABASE_URL to a PostgreSQL URL, or a data directory for the embedded database',
  });
}
