import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LockHeldError } from '../../errors.js';

/** Name of the lock file inside the embedded database's data directory. */
export const LOCK_FILE_NAME = 'hostaway-sync.lock';

export interface LockOwner {
  pid: number;
  hostname: string;
  /** ISO time the lock was taken. */
  since: string;
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Safe to call twice; never throws. */
  release(): Promise<void>;
}

// Directories this process has locked: a second open in the same process is refused too (PGlite keeps
// its own copy of the pages, so two instances on one directory diverge even within one process).
const heldHere = new Set<string>();

/**
 * Takes the exclusive lock of an embedded data directory: a file holding the owner's pid and host. It is
 * created complete (written aside, then hard-linked into place, which fails atomically when it exists). A
 * lock whose process is gone (same host, pid not running) is stale and taken over; anything else means
 * another process uses the database: `LockHeldError` (exit 75).
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE_NAME);
  if (heldHere.has(dataDir)) throw inUseError(dataDir, path, ownerNow());
  const me = ownerNow();
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (await tryCreate(path, me)) {
      heldHere.add(dataDir);
      return createHandle(dataDir, path, me);
    }
    const owner = await readOwner(path);
    if (owner === 'missing') continue;
    if (owner !== 'unreadable' && isAlive(owner)) throw inUseError(dataDir, path, owner);
    await removeStale(path, owner);
  }
  throw inUseError(dataDir, path, 'unreadable');
}

function ownerNow(): LockOwner {
  return { pid: process.pid, hostname: hostname(), since: new Date().toISOString() };
}

async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  const aside = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(aside, `${JSON.stringify(owner)}\n`, { mode: 0o644 });
  try {
    await link(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(aside, { force: true });
  }
}

async function readOwner(path: string): Promise<LockOwner | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string') {
      return { pid: parsed.pid, hostname: parsed.hostname, since: String(parsed.since ?? '') };
    }
  } catch {
    // fall through: a file we did not write (our own writes are complete before they appear)
  }
  return 'unreadable';
}

/** Another host's process cannot be checked: assume it is alive. Our own pid here is a previous life. */
function isAlive(owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return true;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the stale file aside before deleting it, and puts it back if what was moved is not the stale
 * owner (another process took the lock over in between), so two processes never both win.
 */
async function removeStale(path: string, stale: LockOwner | 'unreadable'): Promise<void> {
  const aside = `${path}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readOwner(aside);
  if (!sameOwner(moved, stale)) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

function sameOwner(a: LockOwner | 'missing' | 'unreadable', b: LockOwner | 'unreadable'): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.pid === b.pid && a.hostname === b.hostname && a.since === b.since;
}

function createHandle(dataDir: string, path: string, me: LockOwner): DataDirLock {
  let released: Promise<void> | undefined;
  return {
    path,
    release() {
      released ??= (async () => {
        heldHere.delete(dataDir);
        const owner = await readOwner(path).catch(() => 'unreadable' as const);
        if (sameOwner(owner, me)) await rm(path, { force: true });
      })().catch(() => undefined);
      return released;
    },
  };
}

function inUseError(dataDir: string, path: string, owner: LockOwner | 'unreadable'): LockHeldError {
  const who =
    owner === 'unreadable'
      ? 'another process'
      : `process ${owner.pid}${owner.hostname === hostname() ? '' : ` on ${owner.hostname}`}` +
        (owner.since ? ` since ${owner.since.replace(/\.\d+Z$/, 'Z')}` : '');
  return new LockHeldError(`the embedded database in ${dataDir} is in use by ${who}`, {
    hint:
      'it serves one process at a time: wait for that one to finish, or use a PostgreSQL server ' +
      `(DATABASE_URL) for concurrent jobs; if no hostaway-sync is running, delete ${path}`,
  });
}
