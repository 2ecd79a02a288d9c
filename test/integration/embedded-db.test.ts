import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { insertAccount } from '../../src/db/accounts/accounts-repo.js';
import { LOCK_FILE_NAME } from '../../src/db/drivers/data-dir-lock.js';
import { createDatabase, describeDatabase } from '../../src/db/database.js';
import { checkSchema, runMigrations } from '../../src/db/migrations/migrate.js';
import { LockHeldError } from '../../src/errors.js';
import type { Simulator } from '../../src/simulator/index.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { createTestEngine } from '../helpers/sync.js';

const DATABASE_MODULE = fileURLToPath(new URL('../../src/db/database.ts', import.meta.url));
const CUSTOMER = '6f1c9a52-0d3e-4f43-9a57-1b2c3d4e5f60';

/** Opens the data directory in another Node process; resolves with its exit code and output. */
function openInChild(dataDir: string): Promise<{ code: number | null; output: string }> {
  const script = `import { createDatabase } from ${JSON.stringify(DATABASE_MODULE)};
    try { const db = await createDatabase({ dataDir: ${JSON.stringify(dataDir)} }); await db.close(); console.log('opened'); }
    catch (e) { console.log(e.code, e.message, '|', e.hint); process.exitCode = e.exitCode ?? 1; }`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

// Whatever TEST_DATABASE_URL says: this is the embedded path itself.
describe('embedded database (PGlite in a data directory)', () => {
  let root: string;
  let sim: Simulator;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'hostaway-sync-embedded-'));
    sim = await startSimulator({ seed: 9, listings: 3, reservations: 25 });
  });
  after(async () => {
    await sim.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('migrates, syncs, and keeps the data across restarts', async () => {
    const dataDir = join(root, 'data');
    assert.equal((await describeDatabase({ dataDir }))?.creating, true);
    const db = await createDatabase({ dataDir });
    const { accountId, clientSecret } = sim.accounts[0]!;
    const client = createTestClient(sim.baseUrl);
    try {
      await runMigrations(db);
      await insertAccount(db, { accountId, customerId: CUSTOMER, clientSecret });
      const result = await createTestEngine(db, client).runFull(accountId);
      assert.equal(result.status, 'succeeded');
    } finally {
      client.close();
      await db.close();
    }
    assert.equal((await describeDatabase({ dataDir }))?.creating, false);
    const again = await createDatabase({ dataDir });
    try {
      assert.equal(await checkSchema(again), 'current');
      const { rows } = await again.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM hostaway.reservation_summary WHERE account_id = $1',
        [accountId],
      );
      assert.equal(rows[0]!.n, 25);
    } finally {
      await again.close();
    }
  });

  it('refuses a second process with one clear line (exit 75) and lets it in once the first closes', async () => {
    const dataDir = join(root, 'data');
    const db = await createDatabase({ dataDir });
    try {
      const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE_NAME), 'utf8')) as { pid: number };
      assert.equal(lock.pid, process.pid);
      const refused = await openInChild(dataDir);
      assert.equal(refused.code, 75, refused.output);
      assert.match(
        refused.output,
        new RegExp(
          `^LOCK_HELD the embedded database in ${dataDir} is in use by process ${process.pid} since `,
        ),
      );
      assert.match(refused.output, /DATABASE_URL/);
    } finally {
      await db.close();
    }
    assert.equal(existsSync(join(dataDir, LOCK_FILE_NAME)), false, 'close() removes the lock');
    const admitted = await openInChild(dataDir);
    assert.equal(admitted.code, 0, admitted.output);
  });

  it('refuses a second open in the same process too', async () => {
    const dataDir = join(root, 'data');
    const db = await createDatabase({ dataDir });
    try {
      await assert.rejects(createDatabase({ dataDir }), LockHeldError);
    } finally {
      await db.close();
    }
  });

  it('takes over a stale lock (dead pid, or unreadable) but not one from another host', async () => {
    const dataDir = join(root, 'data');
    const lockPath = join(dataDir, LOCK_FILE_NAME);
    const { hostname } = await import('node:os');
    for (const stale of [
      JSON.stringify({ pid: deadPid(), hostname: hostname(), since: '2020-01-01T00:00:00.000Z' }),
      'garbage',
    ]) {
      writeFileSync(lockPath, stale);
      const db = await createDatabase({ dataDir });
      assert.equal(JSON.parse(readFileSync(lockPath, 'utf8')).pid, process.pid);
      await db.close();
    }
    writeFileSync(
      lockPath,
      JSON.stringify({ pid: 1, hostname: 'other-host', since: '2020-01-01T00:00:00Z' }),
    );
    await assert.rejects(createDatabase({ dataDir }), (error: unknown) => {
      assert.ok(error instanceof LockHeldError);
      assert.match(error.message, /in use by process 1 on other-host since 2020-01-01T00:00:00Z$/);
      assert.match(error.hint ?? '', new RegExp(`delete ${lockPath}$`));
      return true;
    });
    assert.match(readFileSync(lockPath, 'utf8'), /other-host/, 'a lock that is not ours stays');
  });
});
