import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, type Database } from '../../src/db/database.js';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli } from './cli.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from './database.js';

/**
 * Where the built CLI keeps its data in a test: a fresh database on TEST_DATABASE_URL's server, or an
 * embedded one in a temporary data directory; pointed at the simulator.
 */
export interface CliEnvironment {
  env: Record<string, string>;
  /** Opens the CLI's database between CLI runs (the embedded one allows one process at a time). */
  withDb<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  cleanup(): Promise<void>;
}

/** A fixed key for tests that do not test secrets themselves (the CLI refuses to store a secret without one). */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

export async function createCliEnvironment(simulator: Simulator): Promise<CliEnvironment> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hostaway-sync-cli-'));
  const server: TestDatabase | undefined = testServerUrl()
    ? await createTestDatabase({ migrate: false })
    : undefined;
  return {
    env: {
      HOSTAWAY_API_BASE_URL: simulator.baseUrl,
      HOSTAWAY_SYNC_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      ...(server?.url ? { DATABASE_URL: server.url } : { HOSTAWAY_SYNC_DATA_DIR: dataDir }),
    },
    async withDb(fn) {
      const db = await createDatabase(server?.url ? { url: server.url } : { dataDir });
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    },
    async cleanup() {
      await server?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `migrate`, then `accounts add` for the simulator's first account, through the CLI. */
export async function addFirstAccountWithCli(
  simulator: Simulator,
  env: Record<string, string>,
): Promise<number> {
  assert.equal((await runCli(['migrate'], { env })).code, 0);
  const { accountId, clientSecret } = simulator.accounts[0]!;
  const args = [
    'accounts',
    'add',
    '--account-id',
    String(accountId),
    '--customer-id',
    '0d6f5bb4-8b43-4d55-a5a8-5e0e4f2f6f11',
  ];
  const add = await runCli([...args, '--client-secret-stdin'], { env, stdin: clientSecret });
  assert.equal(add.code, 0, add.stderr);
  return accountId;
}
