import { randomBytes, randomUUID } from 'node:crypto';
import { insertAccount, updateAccount } from '../src/db/accounts/accounts-repo.js';
import { createDatabase, type Database } from '../src/db/database.js';
import { createAccountSecrets } from '../src/secrets/account-secrets.js';
import { expectSuccess, runCli } from './cli-process.js';

/** The key the process benchmarks give the CLI (stored client secrets are sealed with it). */
export const BENCH_ENCRYPTION_KEY = Buffer.alloc(32, 11).toString('base64');

export interface ServerDatabase {
  db: Database;
  name: string;
  url: string;
  /** Closes `db` early, so the database's sessions are only those of the processes under measurement. */
  release(): Promise<void>;
  drop(): Promise<void>;
}

/** BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local server; undefined when none answers. */
export async function reachableServerUrl(): Promise<string | undefined> {
  const url =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  try {
    const probe = await createDatabase({ url, poolSize: 1 });
    await probe.query('SELECT 1');
    await probe.close();
    return url;
  } catch {
    return undefined;
  }
}

/** A fresh database on the server of `serverUrl`, migrated by the CLI under test, dropped by `drop`. */
export async function createServerDatabase(serverUrl: string): Promise<ServerDatabase> {
  const name = `hs_bench_${randomBytes(4).toString('hex')}`;
  const admin = await createDatabase({ url: serverUrl, poolSize: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  expectSuccess(await runCli(['migrate'], { DATABASE_URL: url.toString() }), 'migrate');
  const db = await createDatabase({ url: url.toString(), poolSize: 4 });
  let closed: Promise<void> | undefined;
  const release = () => (closed ??= db.close());
  return {
    db,
    name,
    url: url.toString(),
    release,
    async drop() {
      await release();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

/**
 * Stores accounts as `accounts add` and `accounts update --pool` would (secret sealed with the bench key),
 * through the same repository functions: a thousand CLI processes would only measure process start-up.
 */
export async function addAccounts(
  db: Database,
  accounts: readonly { accountId: number; clientSecret: string }[],
  poolOf: (index: number) => string = () => 'default',
): Promise<void> {
  const secrets = createAccountSecrets({ key: Buffer.from(BENCH_ENCRYPTION_KEY, 'base64') });
  for (const [index, { accountId, clientSecret }] of accounts.entries()) {
    const sealed = secrets.seal(accountId, 'client_secret', clientSecret);
    await insertAccount(db, { accountId, customerId: randomUUID(), clientSecret: sealed });
    // The core three only: these benches measure the shared budget and scheduling of core syncs.
    await updateAccount(db, accountId, { egressPool: poolOf(index), resources: [] });
  }
}
