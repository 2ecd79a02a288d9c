import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite, type Results } from '@electric-sql/pglite';
import { DatabaseUnavailableError } from '../errors.js';
import type { Database, DatabaseOptions, Queryable, QueryResult } from './database.js';
import { createMutex } from './mutex.js';
import { runTransaction } from './run-transaction.js';
import { parseInt8, PG_OID } from './type-parsers.js';

function toResult<T>(result: Results<T>): QueryResult<T> {
  return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
}

/** PGlite serialises a Date param by its inferred type; an ISO string is unambiguous for every type. */
function normaliseParams(params: readonly unknown[] | undefined): unknown[] | undefined {
  if (params === undefined) return undefined;
  return params.map((p) => (p instanceof Date ? p.toISOString() : p));
}

async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  try {
    if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
    return await PGlite.create(dataDir, { parsers: { [PG_OID.int8]: parseInt8 } });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(
      `cannot open the embedded database${dataDir === undefined ? '' : ` in ${dataDir}`}: ${reason}`,
      {
        hint: 'check that the data directory is writable and not used by another process, or set DATABASE_URL',
        cause: error,
      },
    );
  }
}

/**
 * Embedded PostgreSQL (PGlite). It has exactly one connection, so sessions, transactions and standalone
 * queries are serialised by one FIFO mutex: concurrent callers queue instead of interleaving statements.
 * Inside `withSession`/`transaction`, use only the queryable passed to the callback (using `db` there
 * would wait for the callback itself).
 */
export async function createPgliteDatabase(options: DatabaseOptions): Promise<Database> {
  const dataDir =
    options.dataDir !== undefined && options.dataDir !== '' ? resolve(options.dataDir) : undefined;
  const pglite = await openPglite(dataDir);
  const mutex = createMutex();
  const direct: Queryable = {
    async query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      return toResult(await pglite.query<T>(text, normaliseParams(params)));
    },
  };
  let closed = false;

  return {
    kind: 'pglite',
    description: `embedded PostgreSQL (PGlite) ${dataDir === undefined ? 'in memory' : `in ${dataDir}`}`,
    query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      return mutex.run(() => direct.query<T>(text, params));
    },
    withSession<T>(fn: (session: Queryable) => Promise<T>): Promise<T> {
      return mutex.run(async () => {
        try {
          return await fn(direct);
        } catch (error) {
          // The one connection must not stay inside a transaction the callback left open.
          await pglite.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return mutex.run(() => runTransaction(direct, fn));
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      // Let queued work finish first so close() never cuts a transaction in half.
      await mutex.run(() => pglite.close());
    },
  };
}
