import type { Queryable } from '../database.js';

/** The account's stored listings not marked deleted, by id: the parents of per-listing resources. */
export async function listLiveListingIds(db: Queryable, accountId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT id FROM hostaway.listings WHERE account_id = $1::bigint AND deleted_at IS NULL ORDER BY id',
    [accountId],
  );
  return rows.map((r) => Number(r.id));
}

/** The account's stored reservations not marked deleted, by id: the parents of per-reservation resources. */
export async function listLiveReservationIds(db: Queryable, accountId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT id FROM hostaway.reservations WHERE account_id = $1::bigint AND deleted_at IS NULL ORDER BY id',
    [accountId],
  );
  return rows.map((r) => Number(r.id));
}

/** What a pass of a list + detail resource compares with the list: its stored objects' name and times. */
export interface StoredSummary {
  key: string;
  name: string | null;
  /** The stored detail's `updatedOn` (else `insertedOn`), as Hostaway wrote it. */
  updatedOn: string | null;
  deleted: boolean;
}

/** Every stored object of one resource of the account, deleted ones included; `nameField` read from each. */
export async function listStoredSummaries(
  db: Queryable,
  input: { accountId: number; resource: string; nameField: string },
): Promise<StoredSummary[]> {
  const { rows } = await db.query<{
    key: string;
    name: string | null;
    updated_on: string | null;
    deleted: boolean;
  }>(
    `SELECT key, raw_payload->>$3::text AS name,
       COALESCE(raw_payload->>'updatedOn', raw_payload->>'insertedOn') AS updated_on,
       deleted_at IS NOT NULL AS deleted
     FROM hostaway.resource_objects WHERE account_id = $1::bigint AND resource = $2::text`,
    [input.accountId, input.resource, input.nameField],
  );
  return rows.map((r) => ({ key: r.key, name: r.name, updatedOn: r.updated_on, deleted: r.deleted }));
}

/** A reservation and its `updated_at`: as PostgreSQL prints it (microseconds kept) and in milliseconds. */
export interface WrittenReservation {
  id: number;
  updatedAt: string;
  updatedMs: number;
}

/**
 * The account's live reservations written at or after `since` (null: every live one), and the database's
 * clock just before they were read (where the next call starts, less an overlap for late commits).
 */
export async function listReservationsChangedSince(
  db: Queryable,
  accountId: number,
  since: Date | null,
): Promise<{ written: WrittenReservation[]; readAt: Date }> {
  const clock = await db.query<{ read_at: Date | string }>('SELECT now() AS read_at');
  const { rows } = await db.query<{ id: number; updated_at: string; updated_ms: number }>(
    `SELECT id, updated_at::text AS updated_at, (extract(epoch FROM updated_at) * 1000)::float8 AS updated_ms
     FROM hostaway.reservations
     WHERE account_id = $1::bigint AND deleted_at IS NULL
       AND ($2::timestamptz IS NULL OR updated_at >= $2::timestamptz)
     ORDER BY id`,
    [accountId, since === null ? null : since.toISOString()],
  );
  return {
    written: rows.map((r) => ({
      id: Number(r.id),
      updatedAt: r.updated_at,
      updatedMs: Number(r.updated_ms),
    })),
    readAt: new Date(clock.rows[0]!.read_at),
  };
}
