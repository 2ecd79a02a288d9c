import { hostawayTimeKeySql } from './hostaway-time-sql.js';

/**
 * How a sync's row meets the stored one when both may have been written by others since the sync fetched
 * its page (a webhook, another run). `incoming`/`stored` are SQL aliases of the two rows.
 */
export interface MergeRule {
  /** SQL condition: the stored row is newer, so it is kept as it is (NULL counts as false). */
  storedIsNewer?(incoming: string, stored: string): string;
  /** SQL expression for the value to store in `column`, or undefined for the incoming value. */
  value?(column: string, incoming: string, stored: string): string | undefined;
}

/**
 * Reservations: a stored payload whose `updatedOn` is strictly later than the incoming one is kept. An
 * equal `updatedOn` with other content is written; when either side has no readable `updatedOn`, the
 * incoming row is written as before.
 */
export const keepNewerReservation: MergeRule = {
  storedIsNewer: (incoming, stored) => {
    const kept = `${stored}.raw_payload->>'updatedOn'`;
    const fetched = `${incoming}.raw_payload->>'updatedOn'`;
    // Fast path for the usual case, without a regular expression: an incoming "YYYY-MM-DD HH:MM:SS" is its
    // own key, and a stored key never sorts after the stored text, so a stored text not after it is not newer.
    return `CASE WHEN length(${fetched}) = 19 AND substr(${fetched}, 11, 1) = ' '
      AND NOT ((${kept}) COLLATE "C" > (${fetched}) COLLATE "C") THEN false
    ELSE ${hostawayTimeKeySql(kept)} > ${hostawayTimeKeySql(fetched)} END`;
  },
};

const messageTime = (m: string) => hostawayTimeKeySql(`COALESCE(${m}->>'insertedOn', ${m}->>'date')`);

/**
 * Threads: the fetched messages, followed by the stored messages the fetch does not have that are at least
 * as new as the newest fetched one (every one when the fetch has none). Those arrived (by webhook) after
 * the thread was fetched; older absent ones were removed upstream and are dropped. Hostaway never changes a
 * message's id, so ids identify them. When the stored array equals the fetched one (the usual case) no
 * message is compared at all. A soft-deleted stored row contributes nothing.
 */
function threadMessages(incoming: string, stored: string): string {
  const fetched = `${incoming}.raw_messages`;
  const kept = `${stored}.raw_messages`;
  return `CASE WHEN ${stored}.deleted_at IS NOT NULL OR ${kept} IS NULL
    OR jsonb_typeof(${kept}) <> 'array' OR jsonb_typeof(${fetched}) <> 'array' OR ${kept} = ${fetched}
  THEN ${fetched}
  ELSE ${fetched} || COALESCE((
    SELECT jsonb_agg(k.m ORDER BY k.n) FROM jsonb_array_elements(${kept}) WITH ORDINALITY AS k(m, n)
    WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(${fetched}) f(m) WHERE f.m->'id' = k.m->'id')
      AND ${messageTime('k.m')} >= COALESCE(
        (SELECT max(${messageTime('f.m')}) FROM jsonb_array_elements(${fetched}) f(m)), '')
  ), '[]'::jsonb) END`;
}

export const keepLaterMessages: MergeRule = {
  value: (column, incoming, stored) =>
    column === 'raw_messages' ? threadMessages(incoming, stored) : undefined,
};
