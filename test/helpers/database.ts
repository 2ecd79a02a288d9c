import { randomBytes } from 'node:crypto';
import { createDatabase, type Database } from '../../src/db/database.js';
import { runMigrations } from '../../src/db/migrations/migrate.js';

export interface TestDatabase {
  db: Database;
  /** The fresh database's URL when running against a server (TEST_DATABASE_URL), else undefined. */
  url?: string;
  /** Closes the connection and drops the database (server) or discards it (PGlite). */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Apply the migrations (default true). */
  migrate?: boolean;
}

/** The server URL tests run against, or undefined for embedded PGlite. */
export function testServerUrl(): string | undefined {
  const url = process.env['TEST_DATABASE_URL'];
  return url === undefined || url === '' ? undefined : url;
}

/**
 * Whether TEST_DATABASE_URL is a transaction-mode PgBouncer (`npm run test:pooler`): the few cases whose
 * outcome a pooler changes by design check that outcome instead, and throwaway clusters get a pooler too.
 */
export function testBehindPooler(): boolean {
  return process.env['TEST_POOLER'] === 'pgbouncer';
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function createServerDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hs_test_${randomBytes(6).toString('hex')}`;
  const admin = await createDatabase({ url: serverUrl, poolSize: 1, applicationName: 'hostaway-sync-test' });
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  return {
    url: withDatabaseName(serverUrl, name),
    async drop() {
      const dropper = await createDatabase({ url: serverUrl, poolSize: 1 });
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.close();
      }
    },
  };
}

/**
 * A fresh, isolated database for one test file: a new `hs_test_<hex>` database on TEST_DATABASE_URL's
 * server when it is set, else an in-memory PGlite. Migrations are applied unless `migrate: false`.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  if (serverUrl === undefined) {
    const db = await createDatabase({ memory: true });
    if (options.migrate !== false) await runMigrations(db);
    return { db, drop: () => db.close() };
  }
  const server = await createServerDatabase(serverUrl);
  const db = await createDatabase({ url: server.url, poolSize: 5 });
  if (options.migrate !== false) await runMigrations(db);
  return {
    db,
    url: server.url,
    async drop() {
      await db.close();
      await server.drop();
    },
  };
}
