/**
 * Upserts the days of one listing's calendar: $1 account_id, $2 customer_id, $3 listing_id, $4 the days
 * as a JSON array of `{day, raw_payload}`. Shaped like the mirror tables' statement (src/db/mirror/upsert-sql.ts):
 * each day is first compared with its stored row by one primary-key lookup (`OFFSET 0` keeps it one), so an
 * unchanged day is neither written nor locked; the rest go through `INSERT … ON CONFLICT`, whose WHERE
 * compares again with the row as it is then. `RETURNING xmax = 0` tells inserts from updates.
 */
export const UPSERT_CALENDAR_DAYS_SQL = `WITH input AS (
  SELECT * FROM jsonb_to_recordset($4::jsonb) AS r(day date, raw_payload jsonb)
), classified AS (
  SELECT i.*, s.same FROM input i LEFT JOIN LATERAL (
    SELECT true AS same FROM hostaway.listing_calendar t
    WHERE t.account_id = $1::bigint AND t.listing_id = $3::bigint AND t.day = i.day
      AND t.customer_id = $2::uuid AND t.raw_payload IS NOT DISTINCT FROM i.raw_payload
    OFFSET 0
  ) s ON true
), written AS (
  INSERT INTO hostaway.listing_calendar AS t (account_id, listing_id, day, customer_id, raw_payload)
  SELECT $1::bigint, $3::bigint, c.day, $2::uuid, c.raw_payload FROM classified c WHERE c.same IS NULL
  ON CONFLICT (account_id, listing_id, day) DO UPDATE
  SET customer_id = excluded.customer_id, raw_payload = excluded.raw_payload, updated_at = now()
  WHERE t.customer_id IS DISTINCT FROM excluded.customer_id OR t.raw_payload IS DISTINCT FROM excluded.raw_payload
  RETURNING (xmax = 0) AS inserted
)
SELECT inserted FROM written`;
