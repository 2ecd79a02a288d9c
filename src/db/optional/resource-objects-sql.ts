/**
 * The statements of `hostaway.resource_objects`, shaped like the mirror tables' (src/db/mirror/upsert-sql.ts) with
 * the resource as part of the key and `deleted_at` as data: a deletion marker in the payload sets it (kept
 * at its first time while the marker stays), a row without one clears it.
 *
 * Upsert parameters: $1 account_id, $2 customer_id, $3 resource, $4 the chunk as a JSON array of
 * `{key, parent_id, raw_payload, deleted}`. Each row is first compared with its stored row by one primary-key
 * lookup (`OFFSET 0` keeps it one, whatever the statistics): an identical row is neither written nor locked.
 * The others go through `INSERT … ON CONFLICT`, whose WHERE compares again with the row as it is then.
 */
export const UPSERT_RESOURCE_OBJECTS_SQL = `WITH input AS (
  SELECT * FROM jsonb_to_recordset($4::jsonb) AS r(key text, parent_id bigint, raw_payload jsonb, deleted boolean)
), classified AS (
  SELECT i.*, s.same FROM input i LEFT JOIN LATERAL (
    SELECT true AS same FROM hostaway.resource_objects t
    WHERE t.account_id = $1::bigint AND t.resource = $3::text AND t.key = i.key
      AND t.customer_id = $2::uuid
      AND t.raw_payload IS NOT DISTINCT FROM i.raw_payload
      AND t.parent_id IS NOT DISTINCT FROM i.parent_id
      AND (t.deleted_at IS NOT NULL) = i.deleted
    OFFSET 0
  ) s ON true
), written AS (
  INSERT INTO hostaway.resource_objects AS t
    (account_id, resource, key, customer_id, parent_id, raw_payload, deleted_at)
  SELECT $1::bigint, $3::text, c.key, $2::uuid, c.parent_id, c.raw_payload, CASE WHEN c.deleted THEN now() END
  FROM classified c WHERE c.same IS NULL
  ON CONFLICT (account_id, resource, key) DO UPDATE
  SET customer_id = excluded.customer_id, parent_id = excluded.parent_id, raw_payload = excluded.raw_payload,
    deleted_at = CASE WHEN excluded.deleted_at IS NULL THEN NULL ELSE COALESCE(t.deleted_at, excluded.deleted_at) END,
    updated_at = now()
  WHERE t.customer_id IS DISTINCT FROM excluded.customer_id
    OR t.raw_payload IS DISTINCT FROM excluded.raw_payload
    OR t.parent_id IS DISTINCT FROM excluded.parent_id
    OR (t.deleted_at IS NULL) IS DISTINCT FROM (excluded.deleted_at IS NULL)
  RETURNING (xmax = 0) AS inserted, t.key AS key
)
SELECT inserted, key FROM written`;

const IN_SCOPE = `t.account_id = $1::bigint AND t.resource = $2::text
  AND ($3::jsonb IS NULL OR t.parent_id = ANY (ARRAY(SELECT (value)::bigint FROM jsonb_array_elements_text($3::jsonb))))`;

/**
 * The live rows a reconciliation weighs: $1 account_id, $2 resource, $3 parent ids as a JSON array or null
 * for every row of the resource (a resource fetched per parent reconciles the parents it read), $4 the
 * run's start. `markable`: not written since the run started (a webhook, a concurrent run), so a candidate;
 * `held`: an earlier pass left it out and held its deletion.
 */
export const LIVE_RESOURCE_KEYS_SQL = `SELECT t.key, t.updated_at < $4::timestamptz AS markable,
  t.deletion_held_at IS NOT NULL AS held
FROM hostaway.resource_objects t WHERE ${IN_SCOPE} AND t.deleted_at IS NULL`;

/** Soft-deletes keys of one resource: $1 account_id, $2 resource, $3 JSON array of keys, $4 the run's start. */
export const MARK_RESOURCE_KEYS_DELETED_SQL = `UPDATE hostaway.resource_objects t
SET deleted_at = now(), deletion_held_at = NULL
WHERE t.account_id = $1::bigint AND t.resource = $2::text
  AND t.key = ANY (ARRAY(SELECT value FROM jsonb_array_elements_text($3::jsonb)))
  AND t.deleted_at IS NULL AND t.updated_at < $4::timestamptz`;

/**
 * Holds the deletion of the keys in $4 (a JSON array; the first hold's time is kept) and releases every other
 * hold in scope ($1-$3 as in LIVE_RESOURCE_KEYS_SQL). Touches only rows whose hold changes.
 */
export const HOLD_RESOURCE_KEYS_SQL = `WITH held AS (SELECT value AS key FROM jsonb_array_elements_text($4::jsonb))
UPDATE hostaway.resource_objects t
SET deletion_held_at = CASE WHEN t.key IN (SELECT key FROM held) THEN now() END
WHERE ${IN_SCOPE}
  AND (t.deletion_held_at IS NULL) = (t.key IN (SELECT key FROM held))`;

/** Live rows of one resource ($2) of one account ($1) whose deletion is held, and the parents they are under. */
export const HELD_RESOURCE_KEYS_SQL = `SELECT count(*)::int AS held,
  COALESCE(jsonb_agg(DISTINCT t.parent_id) FILTER (WHERE t.parent_id IS NOT NULL), '[]'::jsonb) AS parents
FROM hostaway.resource_objects t
WHERE t.account_id = $1::bigint AND t.resource = $2::text
  AND t.deletion_held_at IS NOT NULL AND t.deleted_at IS NULL`;
