import { addWriteCounts, type ResourceContext, type ResourceCounts } from '../types.js';

/**
 * A write added to the pass's counts. Rows the database refused to store are skipped, and each is logged
 * so it can be looked into.
 */
export function countWritten(
  ctx: ResourceContext,
  counts: ResourceCounts,
  written: Parameters<typeof addWriteCounts>[1] & {
    rejected: readonly { key: number | string; reason: string }[];
  },
): void {
  for (const { key, reason } of written.rejected)
    ctx.logger.warn({ id: key, reason }, 'payload cannot be stored; skipped');
  counts.skipped += written.rejected.length;
  addWriteCounts(counts, written);
}
