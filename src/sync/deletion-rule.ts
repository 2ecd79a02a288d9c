import { CONFIG_DEFAULTS } from '../config.js';
import type { DecideDeletions } from '../db/mirror/mark-missing-deleted.js';
import { countHeldDeletions } from '../db/optional/resource-objects-repo.js';
import { confirmDeletions, type DeletionChecks } from './confirm-deletions.js';
import type { ResourceContext, ResourceResult } from './types.js';

/**
 * An answer that leaves out more than this share of the live rows stored in its scope (the whole list, or
 * one parent's objects), or every one of them, is suspicious: an empty or cut-short answer looks exactly
 * like it. Its deletions are held until the next pass leaves the same rows out again.
 */
export const SUSPICIOUS_DROP_SHARE = 0.5;

/** True when `missing` of `live` stored rows left out by one answer is too many to be believed at once. */
export function isSuspiciousDrop(missing: number, live: number): boolean {
  return missing > 0 && (missing >= live || missing > live * SUSPICIOUS_DROP_SHARE);
}

/**
 * The one rule every resource, core and optional, marks deletions by: a row is marked deleted only on
 * proof. Where Hostaway has a detail path, the proof is a 404 for that object (within the run's budget of
 * HOSTAWAY_DELETION_CHECKS_PER_RUN; the rest wait for the next pass). Where it has none, the proof is a
 * complete answer: a list answered whole, or one parent's objects answered whole. Such an answer proves the
 * rows it left out gone unless it left out too many (`isSuspiciousDrop`): then only those an earlier pass
 * had already left out and held are marked, and the others are held for the next pass. The caller only
 * asks after a pass that read every page it was given (a short or failed read is never weighed).
 */
export function createDeletionRule<K extends number | string>(
  ctx: Pick<ResourceContext, 'api' | 'logger' | 'settings'>,
  detailPath: ((key: K) => string) | undefined,
  checks: DeletionChecks,
): DecideDeletions<K> {
  return async (candidates, scope) => {
    if (detailPath) {
      const budget = ctx.settings.deletionChecksPerRun ?? CONFIG_DEFAULTS.deletionChecksPerRun;
      const gone = await confirmDeletions(
        ctx.api,
        { detailPath, candidates, budget, logger: ctx.logger },
        checks,
      );
      return { delete: gone, hold: [] };
    }
    if (!isSuspiciousDrop(candidates.length, scope.live)) return { delete: candidates, hold: [] };
    const hold = candidates.filter((key) => !scope.held.has(key));
    if (hold.length > 0)
      ctx.logger.warn(
        { missing: candidates.length, stored: scope.live, held: hold.length },
        'the answer left out too many stored rows to be believed; their deletion waits for the next pass',
      );
    return { delete: candidates.filter((key) => scope.held.has(key)), hold };
  };
}

/**
 * A pass of an optional resource that leaves deletions held (by this pass or an earlier one, not yet
 * confirmed) is never a plain success: it is `partial`, counting them in `deletionsHeld`; the run reports
 * it and the next run takes the resource again to confirm or release them.
 */
export async function reportHeldDeletions(
  ctx: Pick<ResourceContext, 'db' | 'account'>,
  resource: string,
  result: ResourceResult,
): Promise<ResourceResult> {
  const { held } = await countHeldDeletions(ctx.db, { accountId: ctx.account.accountId, resource });
  if (held === 0) return result;
  const error = `${held} deletion(s) held: the answer left out more than ${SUSPICIOUS_DROP_SHARE * 100}% of the stored rows; the next pass confirms or releases them`;
  return {
    ...result,
    deletionsHeld: held,
    status: result.status === 'succeeded' ? 'partial' : result.status,
    error: result.error ?? error,
  };
}
