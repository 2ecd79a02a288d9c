import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDatabase, type Database } from '../../src/db/database.js';
import { checkSchema, runMigrations, type MigrationEvent } from '../../src/db/migrations/migrate.js';
import { findMigrationsFolder, readMigrationFiles } from '../../src/db/migrations/migration-files.js';
import { SchemaTooNewError } from '../../src/errors.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const drizzleDir = join(packageRoot, 'drizzle');

// This build's migrations, in order (the tests must not need an edit for each new one).
const TAGS = (await readMigrationFiles(drizzleDir)).map((m) => m.tag);
const LATEST = TAGS.at(-1)!;

const EXPECTED_TABLES = [
  'account_leases',
  'accounts',
  'attachment_files',
  'listing_calendar',
  'listings',
  'message_attachments',
  'messages',
  'rate_accounts',
  'rate_leases',
  'rate_pools',
  'reservations',
  'resource_objects',
  'schema_migrations',
  'sync_runs',
  'sync_state',
  'thread_failures',
  'webhook_coverage',
  'webhook_events',
];

async function tablesOf(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'hostaway' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  return rows.map((r) => r.name);
}

/** A copy of drizzle/ with extra migrations appended to the journal. */
async function folderWith(extra: { tag: string; sql: string }[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hs-migrations-'));
  await cp(drizzleDir, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: Record<string, unknown>[] };
  for (const m of extra) {
    const last = journal.entries.at(-1)!;
    journal.entries.push({
      ...last,
      idx: journal.entries.length,
      when: (last['when'] as number) + 1000,
      tag: m.tag,
    });
    await writeFile(join(dir, `${m.tag}.sql`), m.sql);
  }
  await writeFile(journalPath, JSON.stringify(journal, null, 2));
  return dir;
}

describe('runMigrations', () => {
  let t: TestDatabase;
  const folders: string[] = [];
  before(async () => {
    t = await createTestDatabase({ migrate: false });
  });
  after(async () => {
    await t.drop();
    for (const dir of folders) await rm(dir, { recursive: true, force: true });
  });

  it('finds drizzle/ from src/db and from a bundled dist/*.js alike', () => {
    assert.equal(findMigrationsFolder(), drizzleDir.replace(/\/$/, ''));
    const fromDist = pathToFileURL(join(packageRoot, 'dist', 'chunk-abc123.js')).href;
    assert.equal(findMigrationsFolder(fromDist), drizzleDir.replace(/\/$/, ''));
  });

  it('applies the migrations to an empty database, then is a no-op', async () => {
    assert.equal(await checkSchema(t.db), 'absent');
    const events: MigrationEvent[] = [];
    const first = await runMigrations(t.db, { onEvent: (e) => events.push(e) });
    assert.deepEqual(first, { applied: TAGS, current: LATEST });
    assert.deepEqual(
      events.map((e) => e.type),
      ['locked', 'pending', ...TAGS.flatMap(() => ['applying', 'applied'])],
    );
    assert.deepEqual(await tablesOf(t.db), EXPECTED_TABLES);
    assert.equal(await checkSchema(t.db), 'current');

    const second = await runMigrations(t.db);
    assert.deepEqual(second, { applied: [], current: LATEST });
    const { rows } = await t.db.query<{ tag: string; created_at: number }>(
      'SELECT tag, created_at FROM hostaway.schema_migrations',
    );
    assert.equal(rows.length, TAGS.length);
    assert.equal(typeof rows[0]!.created_at, 'number');
  });

  it('applies a newer migration and reports needs-migration before', async () => {
    const folder = await folderWith([
      { tag: '0001_extra', sql: 'CREATE TABLE "hostaway"."extra" (id int);' },
    ]);
    folders.push(folder);
    assert.equal(await checkSchema(t.db, { migrationsFolder: folder }), 'needs-migration');
    const result = await runMigrations(t.db, { migrationsFolder: folder });
    assert.deepEqual(result, { applied: ['0001_extra'], current: '0001_extra' });
    assert.equal(await checkSchema(t.db, { migrationsFolder: folder }), 'current');
    // This build (without 0001_extra) now sees a database that is newer than itself.
    assert.equal(await checkSchema(t.db), 'too-new');
    await assert.rejects(runMigrations(t.db), (error: unknown) => {
      assert.ok(error instanceof SchemaTooNewError);
      assert.match(error.message, /database schema is newer than this build.*0001_extra/);
      assert.ok(error.hint);
      return true;
    });
    await t.db.query('DROP TABLE hostaway.extra');
    await t.db.query("DELETE FROM hostaway.schema_migrations WHERE tag = '0001_extra'");
    assert.equal(await checkSchema(t.db), 'current');
  });

  it('detects a fake future tag', async () => {
    await t.db.query(
      "INSERT INTO hostaway.schema_migrations (tag, hash, created_at) VALUES ('9999_from_the_future', 'x', 1)",
    );
    try {
      assert.equal(await checkSchema(t.db), 'too-new');
      await assert.rejects(runMigrations(t.db), SchemaTooNewError);
    } finally {
      await t.db.query("DELETE FROM hostaway.schema_migrations WHERE tag = '9999_from_the_future'");
    }
  });

  it('rolls a failing migration back completely and reports which one failed', async () => {
    const folder = await folderWith([
      {
        tag: '0001_half',
        sql: 'CREATE TABLE "hostaway"."half" (id int);\n--> statement-breakpoint\nSELEC oops;',
      },
    ]);
    folders.push(folder);
    await assert.rejects(
      runMigrations(t.db, { migrationsFolder: folder }),
      /migration 0001_half failed at statement 2/,
    );
    const { rows } = await t.db.query<{ r: string | null }>("SELECT to_regclass('hostaway.half')::text AS r");
    assert.equal(rows[0]!.r, null);
    assert.equal(await checkSchema(t.db, { migrationsFolder: folder }), 'needs-migration');
  });

  it('reports an applied migration whose file changed', async () => {
    await t.db.query("UPDATE hostaway.schema_migrations SET hash = 'changed' WHERE tag = '0000_init'");
    const events: MigrationEvent[] = [];
    await runMigrations(t.db, { onEvent: (e) => events.push(e) });
    assert.ok(events.some((e) => e.type === 'checksum-mismatch' && e.tag === '0000_init'));
  });
});

describe('concurrent runMigrations', () => {
  let t: TestDatabase;
  let other: Database | undefined;
  before(async () => {
    t = await createTestDatabase({ migrate: false });
    // On a server: a second pool, as a second process would have. PGlite: the same handle (it queues).
    other = t.url === undefined ? undefined : await createDatabase({ url: t.url, poolSize: 2 });
  });
  after(async () => {
    await other?.close();
    await t.drop();
  });

  it('lets exactly one run apply the migrations; the other waits and finds nothing to do', async () => {
    const results = await Promise.all([
      runMigrations(t.db),
      runMigrations(other ?? t.db),
      runMigrations(other ?? t.db),
    ]);
    const applied = results.map((r) => r.applied.length).sort();
    assert.deepEqual(applied, [0, 0, TAGS.length]);
    assert.equal(await checkSchema(t.db), 'current');
  });
});
