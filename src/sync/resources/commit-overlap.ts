/**
 * A row written by a transaction that began before a pass read "rows written since …" but committed after
 * that read carries an `updated_at` older than the read. A pass that reads what was written since the
 * previous one therefore starts this long before the previous pass's read.
 */
export const COMMIT_OVERLAP_MS = 10 * 60_000;

/** Where a pass starts reading rows written since the previous one: its read time (ISO text) less the overlap. */
export function writtenSince(previousReadAt: unknown): Date | null {
  const at = typeof previousReadAt === 'string' ? Date.parse(previousReadAt) : NaN;
  return Number.isNaN(at) ? null : new Date(at - COMMIT_OVERLAP_MS);
}
