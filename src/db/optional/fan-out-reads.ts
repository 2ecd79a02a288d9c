import { and, eq, gte, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import { listings, reservations, resourceObjects } from '../schema/index.js';
import { readDatabaseClock } from '../sql/database-clock.js';

/** The live (not marked deleted) ids of a mirrored table's rows of one account, in id order. */
async function listLiveIds(db: Queryable, table: typeof listings | typeof reservations, accountId: number) {
  const rows = await db.orm
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.accountId, accountId), isNull(table.deletedAt)))
    .orderBy(table.id);
  return rows.map((r) => r.id);
}

/** The account's stored listings not marked deleted, by id: the parents of per-listing resources. */
export function listLiveListingIds(db: Queryable, accountId: number): Promise<number[]> {
  return listLiveIds(db, listings, accountId);
}

/** The account's stored reservations not marked deleted, by id: the parents of per-reservation resources. */
export function listLiveReservationIds(db: Queryable, accountId: number): Promise<number[]> {
  return listLiveIds(db, reservations, accountId);
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
  const o = resourceObjects;
  return db.orm
    .select({
      key: o.key,
      name: sql<string | null>`${o.rawPayload}->>${input.nameField}::text`,
      updatedOn: sql<string | null>`COALESCE(${o.rawPayload}->>'updatedOn', ${o.rawPayload}->>'insertedOn')`,
      deleted: sql<boolean>`${o.deletedAt} IS NOT NULL`,
    })
    .from(o)
    .where(and(eq(o.accountId, input.accountId), eq(o.resource, input.resource)));
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
  const readAt = await readDatabaseClock(db);
  const r = reservations;
  const written = await db.orm
    .select({
      id: r.id,
      updatedAt: sql<string>`${r.updatedAt}::text`,
      updatedMs: sql<number>`(extract(epoch FROM ${r.updatedAt}) * 1000)::float8`.mapWith(Number),
    })
    .from(r)
    .where(
      and(
        eq(r.accountId, accountId),
        isNull(r.deletedAt),
        since === null ? undefined : gte(r.updatedAt, since),
      ),
    )
    .orderBy(r.id);
  return { written, readAt };
}
