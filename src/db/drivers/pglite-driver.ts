import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite, types, type Results } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { DatabaseUnavailableError, LockHeldError } from '../../errors.js';
import { JsonArrayParam } from '../json-array-param.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import {
  describeEmbedded,
  type Database,
  type DatabaseOptions,
  type Queryable,
  type QueryResult,
  type TextQueryResult,
} from '../database.js';
import { createMutex } from './mutex.js';
import { routeStatements } from './orm.js';
import { runReadOnly } from '../queries/run-read-only.js';
import { runTransaction } from './run-transaction.js';
import { parseInt8, PG_OID } from './type-parsers.js';

function toResult<T>(result: Results<T>): QueryResult<T> {
  return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
}

/**
 * PGlite serialises a Date param by its inferred type; an ISO string is unambiguous for every type. A
 * `JsonArrayParam` goes as its JSON text. For any PGlite queryable (the bench's own too).
 */
export function normaliseParams(params: readonly unknown[] | undefined): unknown[] | undefined {
  if (params === undefined) return undefined;
  return params.map((p) =>
    p instanceof Date ? p.toISOString() : p instanceof JsonArrayParam ? p.toString() : p,
  );
}

/** Every type as its text: PGlite's default parsers and the array types it registered, all identity. */
function textParsers(pglite: PGlite): Record<string, (value: string) => string> {
  const oids = Object.keys({ ...types.parsers, ...pglite.parsers });
  return Object.fromEntries(oids.map((oid) => [oid, (value: string) => value]));
}

async function queryText(pglite: PGlite, text: string): Promise<TextQueryResult> {
  // query() speaks the extended protocol, which refuses several statements in one string.
  const result = await pglite.query<(string | null)[]>(text, [], {
    rowMode: 'array',
    parsers: textParsers(pglite),
  });
  return { fields: result.fields.map((f) => ({ name: f.name, typeId: f.dataTypeID })), rows: result.rows };
}

/** Opens PGlite; a data directory is locked first, so a second process fails before touching any page. */
async function openPglite(dataDir: string | undefined): Promise<{ pglite: PGlite; lock?: DataDirLock }> {
  let lock: DataDirLock | undefined;
  try {
    if (dataDir !== undefined) {
      await mkdir(dataDir, { recursive: true });
      lock = await lockDataDir(dataDir);
    }
    return { pglite: await PGlite.create(dataDir, { parsers: { [PG_OID.int8]: parseInt8 } }), lock };
  } catch (error) {
    await lock?.release();
    if (error instanceof LockHeldError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(
      `cannot open the embedded database${dataDir === undefined ? '' : ` in ${dataDir}`}: ${reason}`,
      {
        hint: 'check that the data directory is writable, or set DATABASE_URL to use a PostgreSQL server',
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
  const { pglite, lock } = await openPglite(dataDir);
  const mutex = createMutex();
  const direct: Queryable = {
    async query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      return toResult(await pglite.query<T>(text, normaliseParams(params)));
    },
    orm: drizzle(pglite),
  };
  let closed = false;

  return {
    kind: 'pglite',
    description: describeEmbedded(dataDir),
    query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      return mutex.run(() => direct.query<T>(text, params));
    },
    orm: routeStatements(drizzle(pglite), (statement) => mutex.run(statement)),
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
    queryReadOnly(text: string): Promise<TextQueryResult> {
      return mutex.run(() => runReadOnly(direct, () => queryText(pglite, text)));
    },
    stoppable: (_signal, fn) => fn(),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      // Let queued work finish first so close() never cuts a transaction in half.
      try {
        await mutex.run(() => pglite.close());
      } finally {
        await lock?.release();
      }
    },
  };
}
