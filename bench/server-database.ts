import { randomBytes, randomUUID } from 'node:crypto';
import { createDatabase, type Database } from '../src/db/database.js';
import { createAccountSecrets } from '../src/secrets/account-secrets.js';
import { expectSuccess, runCli } from './cli-process.js';

/** The key the process benchmarks give the CLI (stored client secrets are sealed with it). */
const BENCH_ENCRYPTION_KEY = Buffer.alloc(32, 11).toString('base64');

/**
 * What the bench gives every CLI process: the database, the simulator, the bench key, no token wait, fast
 * retries, and the client's limits (default: off, 10,000 requests a second), a 429 backing off one window.
 */
export function cliEnv(
  databaseUrl: string,
  baseUrl: string,
  limits = { perIp: 10_000, perAccount: 10_000, windowMs: 1000 },
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    HOSTAWAY_API_BASE_URL: baseUrl,
    HOSTAWAY_SYNC_ENCRYPTION_KEY: BENCH_ENCRYPTION_KEY,
    HOSTAWAY_RATE_LIMIT_PER_IP: String(limits.perIp),
    HOSTAWAY_RATE_LIMIT_PER_ACCOUNT: String(limits.perAccount),
    HOSTAWAY_RATE_LIMIT_WINDOW_MS: String(limits.windowMs),
    HOSTAWAY_RATE_LIMIT_BACKOFF_MS: String(limits.windowMs),
    HOSTAWAY_TOKEN_ACTIVATION_MS: '0',
    HOSTAWAY_RETRY_BASE_MS: '50',
    LOG_LEVEL: 'warn',
  };
}

export type ServerDatabase = Awaited<ReturnType<typeof createServerDatabase>>;

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
export async function createServerDatabase(serverUrl: string) {
  const scratch = await createScratchDatabase(serverUrl);
  expectSuccess(await runCli(['migrate'], { DATABASE_URL: scratch.url }), 'migrate');
  const db = await createDatabase({ url: scratch.url, poolSize: 4 });
  let closed: Promise<void> | undefined;
  const release = () => (closed ??= db.close());
  return {
    ...scratch,
    db,
    /** Closes `db` early, so the database's sessions are only those of the processes under measurement. */
    release,
    async drop() {
      await release();
      await scratch.drop();
    },
  };
}

/** An empty database with a random name on the server of `serverUrl`. */
export async function createScratchDatabase(serverUrl: string) {
  const name = `hs_bench_${randomBytes(4).toString('hex')}`;
  const admin = await createDatabase({ url: serverUrl, poolSize: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    /** Drops the database, ending its sessions. */
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

/**
 * Stores accounts as `accounts add` and `accounts update --pool` would (secret sealed with the bench key):
 * a thousand CLI processes would only measure process start-up. One statement naming only the columns every
 * schema version has, so a `BENCH_CLI` build of an earlier commit runs against the same fleet.
 */
export async function addAccounts(
  db: Database,
  accounts: readonly { accountId: number; clientSecret: string }[],
  poolOf: (index: number) => string = () => 'default',
): Promise<void> {
  const secrets = createAccountSecrets({ key: Buffer.from(BENCH_ENCRYPTION_KEY, 'base64') });
  const rows = accounts.map(({ accountId, clientSecret }, index) => ({
    accountId,
    customerId: randomUUID(),
    clientSecret: secrets.seal(accountId, 'client_secret', clientSecret),
    egressPool: poolOf(index),
  }));
  // The core three only (resources '{}'): these benches measure the shared budget and scheduling of core syncs.
  await db.query(
    `INSERT INTO hostaway.accounts (account_id, customer_id, client_secret, egress_pool, resources)
     SELECT a."accountId", a."customerId", a."clientSecret", a."egressPool", '{}'
     FROM jsonb_to_recordset($1::jsonb) AS a("accountId" bigint, "customerId" uuid, "clientSecret" text, "egressPool" text)`,
    [JSON.stringify(rows)],
  );
}
