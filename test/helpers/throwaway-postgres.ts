import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

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
  /** `postgres://postgres@127.0.0.1:<port>/<database>` (default database `postgres`). */
  url(database?: string): string;
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
  const cluster: ThrowawayPostgres = {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await asPostgres('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(root, 'log'), '-w', 'start']);
      running = true;
    },
    async stop({ mode = 'immediate' } = {}) {
      if (!running) return;
      await asPostgres('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
      running = false;
    },
    async destroy() {
      try {
        await cluster.stop({ mode: 'immediate' });
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
  await cluster.start();
  return cluster;
}
