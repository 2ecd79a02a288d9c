import type { Queryable } from '../database.js';

/**
 * The migration runner's own ledger, `hostaway.schema_migrations`: one row per applied migration. Created
 * before any migration runs, so it is not part of the drizzle schema.
 */
const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS hostaway.schema_migrations (
  tag text PRIMARY KEY,
  hash text NOT NULL,
  created_at bigint NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

export async function createLedger(tx: Queryable): Promise<void> {
  await tx.query('CREATE SCHEMA IF NOT EXISTS hostaway');
  await tx.query(CREATE_LEDGER);
}

/** Whether the ledger exists (it does not before the first migration run). */
export async function ledgerExists(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ exists: boolean }>(
    "SELECT to_regclass('hostaway.schema_migrations') IS NOT NULL AS exists",
  );
  return rows[0]?.exists === true;
}

/** The applied migrations: tag and the hash of the file as it was applied. */
export async function readLedger(db: Queryable): Promise<{ tag: string; hash: string }[]> {
  return (await db.query<{ tag: string; hash: string }>('SELECT tag, hash FROM hostaway.schema_migrations'))
    .rows;
}

export async function recordMigration(
  tx: Queryable,
  migration: { tag: string; hash: string; when: number },
): Promise<void> {
  await tx.query('INSERT INTO hostaway.schema_migrations (tag, hash, created_at) VALUES ($1, $2, $3)', [
    migration.tag,
    migration.hash,
    migration.when,
  ]);
}
