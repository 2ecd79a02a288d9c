import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { testBehindPooler } from './database.js';

const run = promisify(execFile);

/** Where Debian/Ubuntu put the PostgreSQL 15 server binaries. */
export const POSTGRES_BIN = process.env.THROWAWAY_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** The machine's own cluster: never stopped, restarted or reused by a throwaway cluster. */
const PROTECTED_PORT = 5432;

/**
 * A private PostgreSQL cluster for tests that stop and restart the server: its own data directory in a
 * temporary folder owned by `postgres`, trust authentication on 127.0.0.1 and a free port that stays the
 * same across restarts. Needs root (to act as `postgres`) and the server binaries.
 */
export interface ThrowawayPostgres {
  port: number;
  /**
   * What clients connect to: `postgres://postgres@127.0.0.1:<port>/<database>` (default database `postgres`),
   * or the PgBouncer in front of the cluster when TEST_POOLER=pgbouncer.
   */
  url(database?: string): string;
  /** The PgBouncer's port when the cluster is behind one, else undefined. */
  poolerPort?: number;
  start(): Promise<void>;
  /** `immediate`: like a crash (no checkpoint, clients cut off); `fast`: a clean shutdown. */
  stop(options?: { mode?: 'immediate' | 'fast' }): Promise<void>;
  /** Stops the cluster (immediate) and deletes its directory. */
  destroy(): Promise<void>;
}

/** Why throwaway clusters cannot run here, or undefined when they can. */
export function throwawayPostgresUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'throwaway PostgreSQL clusters need Linux';
  if (process.getuid?.() !== 0) return 'throwaway PostgreSQL clusters need root (to run as user postgres)';
  for (const tool of ['initdb', 'pg_ctl'])
    if (!existsSync(join(POSTGRES_BIN, tool))) return `${join(POSTGRES_BIN, tool)} not found`;
  if (!existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) return 'runuser not found';
  return undefined;
}

async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port !== PROTECTED_PORT && port > 0) return port;
  }
}

async function asPostgres(tool: string, args: string[]): Promise<void> {
  await run('runuser', ['-u', 'postgres', '--', join(POSTGRES_BIN, tool), ...args], { timeout: 60_000 });
}

/** initdb + start. The caller must `destroy()` it (an `after` hook). */
export async function createThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const reason = throwawayPostgresUnavailable();
  if (reason !== undefined) throw new Error(reason);
  const root = mkdtempSync(join(tmpdir(), 'hostaway-sync-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = root;
  const info = await run('id', ['-u', 'postgres']);
  const group = await run('id', ['-g', 'postgres']);
  chownSync(root, Number(info.stdout.trim()), Number(group.stdout.trim()));
  await asPostgres('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${socketDir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c max_connections=60',
  ].join(' ');
  let running = false;
  const pooler = testBehindPooler() ? await startPgBouncer(root, port) : undefined;
  const clientPort = pooler?.port ?? port;
  const cluster: ThrowawayPostgres = {
    port,
    poolerPort: pooler?.port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${clientPort}/${database}`,
    async start() {
      await asPostgres('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(root, 'log'), '-w', 'start']);
      running = true;
      if (pooler !== undefined) await untilPoolerServes(cluster.url());
    },
    async stop({ mode = 'immediate' } = {}) {
      if (!running) return;
      await asPostgres('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
      running = false;
    },
    async destroy() {
      try {
        pooler?.process.kill('SIGKILL');
        await cluster.stop({ mode: 'immediate' });
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
  await cluster.start();
  return cluster;
}

const PGBOUNCER = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((path) => existsSync(path));

/**
 * PgBouncer in transaction mode in front of the cluster (as .ci/pgbouncer.ini sets up the shared one): it
 * stays up while the cluster behind it is stopped and started, as a managed pooler does.
 */
async function startPgBouncer(
  root: string,
  serverPort: number,
): Promise<{ port: number; process: ChildProcess }> {
  if (PGBOUNCER === undefined) throw new Error('TEST_POOLER=pgbouncer, but pgbouncer is not installed');
  const port = await freePort();
  const ini = join(root, 'pgbouncer.ini');
  writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=127.0.0.1 port=${serverPort} user=postgres`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = any',
      'pool_mode = transaction',
      'max_client_conn = 200',
      'default_pool_size = 10',
      // How long a client's query waits in the pooler for a server that is down (default 120 s), and how
      // long after a failed server login the pooler refuses clients (default 15 s): short, so that a stopped
      // cluster fails runs quickly and a restarted one serves again at once.
      'query_wait_timeout = 10',
      'server_login_retry = 1',
      'ignore_startup_parameters = extra_float_digits, statement_timeout, lock_timeout, idle_in_transaction_session_timeout',
      `logfile = ${join(root, 'pgbouncer.log')}`,
      '',
    ].join('\n'),
  );
  const child = spawn(PGBOUNCER, ['-u', 'postgres', ini], { stdio: 'ignore' });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await accepts(port)) return { port, process: child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`pgbouncer did not listen on 127.0.0.1:${port}`);
}

/** Waits (up to 30 s) until a query through the pooler reaches the restarted cluster. */
async function untilPoolerServes(url: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (attempt >= 300) throw error;
    } finally {
      await client.end().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
