import { markMissingDeleted } from '../../db/mirror/mark-missing-deleted.js';
import type { MirrorTableName } from '../../db/mirror/mirror-tables.js';
import type { DeletionChecks } from '../confirm-deletions.js';
import { createDeletionRule } from '../deletion-rule.js';
import type { Resource } from '../resource.js';
import { isCompleteListMode, type ResourceContext, type ResourceResult } from '../types.js';

type CoreSpec = Omit<Resource, 'core' | 'table' | 'defaultCadenceSeconds' | 'sync'> & {
  /** The mirror table its rows go to (deletions are marked there). */
  table: MirrorTableName;
  /** Hostaway's path for one object, asked before a row missing from a complete pass is marked deleted. */
  detailPath: (id: number) => string;
  read(ctx: ResourceContext): Promise<ResourceResult>;
};

/**
 * A core resource, synced on every run. After a complete-list pass (full or reconcile) that proved it read
 * the whole list, rows Hostaway no longer lists are candidates, marked deleted by the deletion rule (each
 * only once Hostaway answers 404 for it, within the per-run budget; the rest wait for the next pass). A
 * list that shifted under our paging can thus never mark a live row deleted.
 */
export function coreResource({ read, detailPath, ...spec }: CoreSpec): Resource {
  return {
    ...spec,
    core: true,
    defaultCadenceSeconds: 0,
    async sync(ctx) {
      const result = await read(ctx);
      if (!isCompleteListMode(ctx.mode) || result.status !== 'succeeded' || !result.complete) return result;
      const checks: DeletionChecks = { checked: 0, pending: 0 };
      const deleted = await markMissingDeleted(ctx.db, {
        table: spec.table,
        accountId: ctx.account.accountId,
        seenIds: ctx.seen,
        startedAt: ctx.startedAt,
        decide: createDeletionRule(ctx, detailPath, checks),
      });
      return { ...result, deleted, deletionChecks: checks.checked, deletionPending: checks.pending };
    },
  };
}
