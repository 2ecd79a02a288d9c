import { sql, type SQL } from 'drizzle-orm';

/**
 * `= ANY (…)` over a list of bigint ids sent as one JSON array parameter: the same text works with `pg` and
 * the embedded database (which bind arrays differently), and `ANY(ARRAY(…))` stays an index condition on
 * the key rather than a join the planner could get wrong. Use as `sql\`${table.id} = ${anyId(ids)}\``.
 */
export function anyId(ids: Iterable<number>): SQL {
  return sql`ANY (ARRAY(SELECT (value)::bigint FROM jsonb_array_elements_text(${JSON.stringify([...ids])}::jsonb)))`;
}
