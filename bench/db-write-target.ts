/**
 * Where bench/db-writes.ts writes: a fresh database on the PostgreSQL server (COPY through pg-copy-streams,
 * one pinned connection whose backend CPU can be read from /proc), or, without a server, an in-memory PGlite
 * with the project's migrations (COPY from a Blob, PGlite's own way to feed COPY FROM STDIN).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Queryable } from '../src/db/database.js';
import { normaliseParams } from '../src/db/drivers/pglite-driver.js';
import { findMigrationsFolder, readMigrationFiles } from '../src/db/migrations/migration-files.js';
import { createBenchDatabase } from './harness.js';
import { processCpuSeconds } from './postgres-cpu.js';

export interface WriteTarget {
  kind: string;
  /** One connection: the upserts and the measurements run on it. */
  session: Queryable;
  /** COPY CSV lines into `table` (account_id, customer_id, id, listing_id, raw_payload). */
  copy(table: string, lines: Iterable<string>): Promise<void>;
  /** CPU seconds of the server process doing the work so far; null when unknown. */
  serverCpuSeconds(): number | null;
  /** WAL positions exist. */
  hasWal: boolean;
  close(): Promise<void>;
}

const COPY_COLUMNS = '(account_id, customer_id, id, listing_id, raw_payload)';

async function serverTarget(): Promise<WriteTarget | null> {
  const bench = await createBenchDatabase('server', 1);
  if (bench.url === undefined) {
    await bench.drop();
    return null;
  }
  const copyClient = new pg.Client({ connectionString: bench.url });
  await copyClient.connect();
  // A pool of one: every query runs on the same backend, whose CPU time /proc shows.
  const { rows } = await bench.db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = rows[0]!.pid;
  return {
    kind: bench.kind,
    session: bench.db,
    async copy(table, lines) {
      const stream = copyClient.query(copyFrom(`COPY ${table} ${COPY_COLUMNS} FROM STDIN WITH (FORMAT csv)`));
      await pipeline(Readable.from(lines), stream);
    },
    serverCpuSeconds: () => processCpuSeconds(pid),
    hasWal: true,
    async close() {
      await copyClient.end();
      await bench.drop();
    },
  };
}

async function embeddedTarget(): Promise<WriteTarget> {
  const db = await PGlite.create();
  for (const migration of await readMigrationFiles(findMigrationsFolder()))
    for (const statement of migration.statements) await db.exec(statement);
  return {
    kind: 'PGlite (in memory)',
    session: {
      async query<T>(text: string, params?: readonly unknown[]) {
        const result = await db.query<T>(text, normaliseParams(params));
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      },
      orm: drizzle(db),
    },
    async copy(table, lines) {
      await db.query(`COPY ${table} ${COPY_COLUMNS} FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: new Blob([...lines]),
      });
    },
    serverCpuSeconds: () => null,
    hasWal: false,
    close: () => db.close(),
  };
}

export async function createWriteTarget(): Promise<WriteTarget> {
  return (await serverTarget()) ?? (await embeddedTarget());
}
