import { HostawaySyncError, SchemaTooNewError } from '../../errors.js';
import type { Database, Queryable } from '../database.js';
import { createLedger, ledgerExists, readLedger, recordMigration } from '../sql/migration-ledger.js';
import { findMigrationsFolder, readMigrationFiles, type MigrationFile } from './migration-files.js';

/** Key of the transaction-scoped advisory lock serialising concurrent migration runs. */
export const MIGRATION_LOCK_KEY = 4_857_394_028_475_106;

export type MigrationEvent =
  | { type: 'locked' }
  | { type: 'pending'; tags: string[] }
  | { type: 'applying'; tag: string }
  | { type: 'applied'; tag: string; durationMs: number }
  | { type: 'checksum-mismatch'; tag: string };

export interface MigrateOptions {
  /** Defaults to the package's own `drizzle/` folder. */
  migrationsFolder?: string;
  onEvent?(event: MigrationEvent): void;
}

export interface MigrateResult {
  /** Tags applied by this run (empty when the schema was already current). */
  applied: string[];
  /** The latest migration of this build, which the database is now at. */
  current: string;
}

export type SchemaStatus = 'current' | 'needs-migration' | 'too-new' | 'absent';

async function loadMigrations(options: MigrateOptions): Promise<MigrationFile[]> {
  return readMigrationFiles(options.migrationsFolder ?? findMigrationsFolder());
}

function tooNewError(unknownTags: string[]): SchemaTooNewError {
  return new SchemaTooNewError(
    `database schema is newer than this build (unknown migration ${unknownTags.join(', ')})`,
    { hint: 'upgrade hostaway-sync to the version that migrated this database' },
  );
}

async function applyMigration(tx: Queryable, migration: MigrationFile): Promise<void> {
  for (const [index, statement] of migration.statements.entries()) {
    try {
      await tx.query(statement);
    } catch (error) {
      if (error instanceof HostawaySyncError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new HostawaySyncError(`migration ${migration.tag} failed at statement ${index + 1}: ${reason}`, {
        cause: error,
      });
    }
  }
  await recordMigration(tx, migration);
}

/**
 * Applies the build's pending migrations in one transaction under `pg_advisory_xact_lock`, so concurrent
 * runs are safe: the second waits, then finds nothing to do. Throws `SchemaTooNewError` when the database
 * has a migration this build does not know. Errors are never swallowed (the transaction rolls back).
 */
export async function runMigrations(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = await loadMigrations(options);
  const latest = migrations.at(-1);
  if (latest === undefined) throw new HostawaySyncError('the migration journal lists no migrations');
  const emit = options.onEvent ?? (() => undefined);

  const applied = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    emit({ type: 'locked' });
    await createLedger(tx);
    const rows = await readLedger(tx);
    const known = new Map(migrations.map((m) => [m.tag, m]));
    const unknown = rows.filter((r) => !known.has(r.tag)).map((r) => r.tag);
    if (unknown.length > 0) throw tooNewError(unknown);
    for (const row of rows) {
      if (known.get(row.tag)?.hash !== row.hash) emit({ type: 'checksum-mismatch', tag: row.tag });
    }
    const done = new Set(rows.map((r) => r.tag));
    const pending = migrations.filter((m) => !done.has(m.tag));
    emit({ type: 'pending', tags: pending.map((m) => m.tag) });
    for (const migration of pending) {
      emit({ type: 'applying', tag: migration.tag });
      const started = Date.now();
      await applyMigration(tx, migration);
      emit({ type: 'applied', tag: migration.tag, durationMs: Date.now() - started });
    }
    return pending.map((m) => m.tag);
  });
  return { applied, current: latest.tag };
}

/** Where the database stands relative to this build's migrations (for commands and readiness probes). */
export async function checkSchema(
  db: Queryable,
  options: Pick<MigrateOptions, 'migrationsFolder'> = {},
): Promise<SchemaStatus> {
  const migrations = await loadMigrations(options);
  if (!(await ledgerExists(db))) return 'absent';
  const rows = await readLedger(db);
  const known = new Set(migrations.map((m) => m.tag));
  if (rows.some((r) => !known.has(r.tag))) return 'too-new';
  const done = new Set(rows.map((r) => r.tag));
  return migrations.every((m) => done.has(m.tag)) ? 'current' : 'needs-migration';
}
