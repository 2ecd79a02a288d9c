import { countHeldDeletions, releaseHeldDeletions } from '../../db/optional/resource-objects-repo.js';
import { HostawayApiError } from '../../errors.js';
import { getUnlessGone } from '../../hostaway/resources.js';
import { emptyCounts, type ResourceContext, type ResourceResult } from '../types.js';
import { createObjectSink, markAbsentDeleted } from './object-list.js';
import type { DeletionSignal } from '../resource.js';

export interface PerParentSpec {
  /** The registry name, stored in `resource_objects.resource`. */
  resource: string;
  /** Hostaway's path of one parent's objects (`/financeField/{id}`). */
  path: (parentId: number) => string;
  /** The marker an object carries when deleted (`isDeleted`), or 'none'. */
  marker: Extract<DeletionSignal, 'isDeleted' | 'none'>;
}

/**
 * Reads the objects of each parent (a listing or reservation) in one unpaged answer and stores each under
 * it (`parent_id`): written only when changed, the marker setting `deleted_at`, and an object the parent's
 * whole answer no longer holds marked deleted by the deletion rule (an answer leaving out too many of the
 * parent's objects holds their deletion; parents with held deletions are read again by the next pass,
 * whatever it was asked to read). A parent Hostaway answers 404 for is gone: nothing is written and its
 * stored objects are left as they were, holds released (the parent's own deletion is proved by its pass).
 */
export async function syncPerParent(
  ctx: ResourceContext,
  spec: PerParentSpec,
  asked: readonly number[],
): Promise<ResourceResult> {
  const sink = createObjectSink(ctx, spec.resource, spec.marker);
  const target = { accountId: ctx.account.accountId, resource: spec.resource };
  const held = new Set((await countHeldDeletions(ctx.db, target)).parents);
  const parents = [...new Set([...asked, ...held])];
  let deleted = 0;
  let gone = 0;
  for (const [index, parentId] of parents.entries()) {
    ctx.checkpoint();
    const items = await fetchParentObjects(ctx, spec.path(parentId));
    if (items === undefined) {
      gone += 1;
      if (held.has(parentId)) await releaseHeldDeletions(ctx.db, { ...target, parentIds: [parentId] });
    } else {
      await sink.writeItems(items, parentId);
      const marked = await markAbsentDeleted(ctx, {
        resource: spec.resource,
        seen: sink.seen,
        parentIds: [parentId],
      });
      deleted += marked.deleted;
    }
    ctx.progress(index + 1, parents.length);
  }
  if (gone > 0) ctx.logger.info({ parents: gone }, 'parents not found upstream; nothing written for them');
  return { ...emptyCounts(), ...sink.counts, deleted, status: 'succeeded' };
}

/** One parent's objects; undefined for a 404 (the parent is gone). */
async function fetchParentObjects(ctx: ResourceContext, path: string): Promise<unknown[] | undefined> {
  const envelope = await getUnlessGone(ctx.api, path);
  if (envelope === undefined) return undefined;
  if (!Array.isArray(envelope.result))
    throw new HostawayApiError(`Hostaway sent an answer of ${path} without a result array`, { path });
  return envelope.result;
}
