import type { Page } from '../../hostaway/paginate.js';
import type { ResourceContext, ResourceCounts, ResourceResult } from '../types.js';
import { toId } from './to-id.js';

/** What one complete-list pass (full or reconcile) read of a list. */
export interface PassOutcome {
  /** The total Hostaway reported on the last page read (undefined: the endpoint reports none). */
  total: number | undefined;
  /** Distinct rows read, those without a usable id included (they count in Hostaway's total too). */
  distinct: number;
  /** True when the pass read at least as many distinct rows as the last reported total. */
  complete: boolean;
  /** Pages read again to find rows that moved while the first pass paged. */
  repairPages: number;
}

/**
 * Reads a whole list for a full or reconcile pass, page by page, and proves it read all of it: the distinct
 * ids read must reach the total Hostaway reports. Rows that changed while we paged moved to the front of
 * the list (updatedOn / messageSentOn DESC), behind us: when the first pass falls short, the list is read
 * once more from the start, writing only rows not read yet, until the total is reached. A list that still
 * falls short, or reports no total at all, is not complete: the caller reports it and marks no deletions.
 */
export async function readWholeList<T extends { id?: unknown }>(
  ctx: ResourceContext,
  open: () => AsyncGenerator<Page<T>>,
  write: (items: T[], total: number | undefined) => Promise<void>,
): Promise<PassOutcome> {
  const read = new Set<number>();
  let withoutId = 0;
  let total: number | undefined;
  const distinct = () => read.size + withoutId;
  // The first pass writes every row; the repair pass only rows not read yet.
  const take = (items: T[], repairing: boolean) =>
    items.filter((item) => {
      const id = toId(item.id);
      if (id === null) {
        if (!repairing) withoutId += 1;
        return !repairing;
      }
      if (read.has(id)) return !repairing;
      read.add(id);
      return true;
    });
  for await (const page of readAhead(open())) {
    total = page.total;
    await write(take(page.items, false), page.total);
    ctx.checkpoint();
  }
  let repairPages = 0;
  if (total !== undefined && distinct() < total) {
    ctx.logger.info({ read: distinct(), reported: total }, 'the list shifted while paging; reading it again');
    for await (const page of open()) {
      repairPages += 1;
      total = page.total;
      const fresh = take(page.items, true);
      if (fresh.length > 0) await write(fresh, page.total);
      ctx.checkpoint();
      if (total !== undefined && distinct() >= total) break;
    }
  }
  return { total, distinct: distinct(), complete: total !== undefined && distinct() >= total, repairPages };
}

/**
 * The pages of `pages`, the next one asked for as soon as the current one is handed out, so its request
 * overlaps the caller's work on the current page. Only for a pass that reads every page anyway: it costs
 * no request the caller would not make. When the caller stops early the generator is closed without
 * waiting for the page in flight (its request settles on its own).
 */
async function* readAhead<T>(pages: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = pages.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = pages.next();
      next.catch(ignore); // awaited on the next turn; this keeps a failure from counting as unhandled meanwhile
      yield current.value;
    }
  } finally {
    pages.return(undefined).catch(ignore);
  }
}

const ignore = () => undefined;

/**
 * The result of a complete-list pass: `succeeded` only when it proved it read everything; otherwise
 * `partial` with the reason (the rows it read are stored; no deletion is marked; the next pass repairs it).
 * A list that reports no total succeeds, but is not `complete`, so it never marks deletions.
 */
export function passResult(counts: ResourceCounts, pass: PassOutcome, resource: string): ResourceResult {
  const shared = {
    ...counts,
    complete: pass.complete,
    ...(pass.total === undefined ? {} : { upstreamTotal: pass.total }),
  };
  if (pass.complete || pass.total === undefined) return { ...shared, status: 'succeeded' };
  return {
    ...shared,
    status: 'partial',
    error: `read ${pass.distinct} distinct ${resource} of ${pass.total} reported (the list shifted while paging); the next pass repairs it`,
  };
}
