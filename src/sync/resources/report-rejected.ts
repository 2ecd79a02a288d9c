import type { ResourceContext } from '../types.js';

/** Rows the database refused to store are skipped, and each is logged so it can be looked into. */
export function reportRejected(
  ctx: ResourceContext,
  rejected: readonly { key: number | string; reason: string }[],
): void {
  for (const { key, reason } of rejected)
    ctx.logger.warn({ id: key, reason }, 'payload cannot be stored; skipped');
}
