/** PostgreSQL type oids this package parses itself. */
export const PG_OID = { int8: 20 } as const;

/**
 * int8 → JS number when it is a safe integer (Hostaway ids and our counts are far below 2^53), else the
 * exact decimal string rather than a silently rounded number. `numeric` is left as a string by both drivers.
 */
export function parseInt8(value: string): number | string {
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : value;
}
