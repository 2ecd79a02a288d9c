import { hostawayTimeKey } from '../../hostaway-time.js';
import type { Queryable } from '../database.js';
import { hostawayTimeKeySql } from './hostaway-time-sql.js';
import { checkedNullableId, checkedObject } from '../mirror/upsert-mirror-rows.js';

/** A reservation as a webhook (or a re-fetch) delivered it; `payload.updatedOn` orders versions. */
export interface GuardedReservationInput {
  accountId: number;
  id: number;
  listingId: number | null;
  payload: object;
}

/** inserted/updated: written; unchanged: the stored row is as new or newer (or a newer one came in the batch). */
export type GuardedOutcome = 'inserted' | 'updated' | 'unchanged';

const updatedOn = (alias: string) => hostawayTimeKeySql(`${alias}.raw_payload->>'updatedOn'`);

/**
 * INSERT … ON CONFLICT with the newer-than guard, reading (account_id, id, listing_id, raw_payload) from
 * the relation `source` (one row per reservation). `updatedOn` values are compared as times with the same
 * key as the sync's guard (Hostaway's "YYYY-MM-DD HH:MM:SS", also with a `T`, a fraction or a `Z`), so both
 * writers agree on which version is newer; a stored value that is absent or unreadable is overwritten, an
 * incoming unreadable one never overwrites a readable one. The NOT EXISTS filter drops rows whose stored
 * version is as new or newer before ON CONFLICT can lock them, so a duplicate or stale delivery writes
 * nothing (no tuple, no WAL); ON CONFLICT's WHERE repeats the guard against rows committed meanwhile. Rows
 * go in key order, so concurrent writers lock them in the same order. customer_id comes from the account row, never from the payload.
 */
export function guardedReservationUpsertSql(source: string): string {
  return `INSERT INTO hostaway.reservations AS t (account_id, id, customer_id, listing_id, raw_payload)
SELECT s.account_id, s.id, a.customer_id, s.listing_id, s.raw_payload
FROM ${source} s JOIN hostaway.accounts a ON a.account_id = s.account_id
WHERE NOT EXISTS (
  SELECT 1 FROM hostaway.reservations o
  WHERE o.account_id = s.account_id AND o.id = s.id
    AND ${updatedOn('o')} >= ${updatedOn('s')}
  OFFSET 0
)
ORDER BY s.account_id, s.id
ON CONFLICT (account_id, id) DO UPDATE
SET customer_id = excluded.customer_id, listing_id = excluded.listing_id, raw_payload = excluded.raw_payload,
  updated_at = now(), deleted_at = NULL
WHERE ${updatedOn('t')} IS NULL OR ${updatedOn('t')} < ${updatedOn('excluded')}
RETURNING t.account_id, t.id, (xmax = 0) AS inserted`;
}

const UPSERT_IF_NEWER_SQL = `WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(account_id bigint, id bigint, listing_id bigint, raw_payload jsonb)
) ${guardedReservationUpsertSql('input')}`;

const keyOf = (accountId: number, id: number) => `${accountId}:${id}`;

/** The payload's `updatedOn` key as the SQL guard reads it; '' (before every time) when unreadable. */
const updatedOnKey = (payload: object): string =>
  hostawayTimeKey((payload as { updatedOn?: unknown }).updatedOn) ?? '';

/**
 * Upserts reservations only where the incoming `updatedOn` is strictly newer than the stored one (or
 * nothing is stored). Several versions of one reservation in the input: the newest wins (the later one on
 * a tie; a readable time beats an unreadable one), read with the guard's own key, as the inbox batch's
 * statement picks its winner; the others are `unchanged`. Returns one outcome per input row, in input
 * order. Rows are written in key order so concurrent batches lock rows in the same order (no deadlocks
 * between them).
 */
export async function upsertReservationsIfNewer(
  db: Queryable,
  rows: readonly GuardedReservationInput[],
): Promise<GuardedOutcome[]> {
  const winners = new Map<string, number>();
  rows.forEach((row, index) => {
    checkedObject(row.payload, `reservation ${row.id} payload`);
    const key = keyOf(row.accountId, row.id);
    const current = winners.get(key);
    if (current === undefined || updatedOnKey(rows[current]!.payload) <= updatedOnKey(row.payload))
      winners.set(key, index);
  });
  if (winners.size === 0) return [];
  const input = [...winners.values()].map((index) => {
    const row = rows[index]!;
    return {
      account_id: row.accountId,
      id: row.id,
      listing_id: checkedNullableId(row.listingId, `reservation ${row.id} listingId`),
      raw_payload: row.payload,
    };
  });
  const { rows: written } = await db.query<{ account_id: number; id: number; inserted: boolean }>(
    UPSERT_IF_NEWER_SQL,
    [JSON.stringify(input)],
  );
  const writtenByKey = new Map(written.map((w) => [keyOf(Number(w.account_id), Number(w.id)), w.inserted]));
  return rows.map((row, index) => {
    const key = keyOf(row.accountId, row.id);
    const inserted = winners.get(key) === index ? writtenByKey.get(key) : undefined;
    return inserted === undefined ? 'unchanged' : inserted ? 'inserted' : 'updated';
  });
}
