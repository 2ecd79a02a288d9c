import { upsertListings, type ListingInput } from '../../db/mirror/upsert-resource.js';
import { fetchListingPages } from '../../hostaway/resources.js';
import type { HostawayListing } from '../../hostaway/types.js';
import { addWriteCounts, type ResourceContext, type ResourceResult } from '../types.js';
import { passResult, readWholeList } from './complete-pass.js';
import { reportRejected } from './report-rejected.js';
import { toId } from './to-id.js';

export function toListingRow(listing: HostawayListing): ListingInput | null {
  const id = toId(listing.id);
  return id === null ? null : { id, payload: listing };
}

export async function syncListings(ctx: ResourceContext, listings: HostawayListing[]) {
  const rows = listings.map(toListingRow);
  const valid = rows.filter((row): row is ListingInput => row !== null);
  for (const row of valid) ctx.seen.add(row.id);
  const written = await upsertListings(ctx.db, { ...ctx.account, rows: valid });
  reportRejected(ctx, written.rejected);
  return { ...written, skipped: rows.length - valid.length + written.rejected.length };
}

/** Listings are few: every pass reads them all, and proves it did (see `readWholeList`). */
export async function fetchAndSyncListings(ctx: ResourceContext): Promise<ResourceResult> {
  const counts = ctx.counts;
  const pass = await readWholeList(
    ctx,
    () => fetchListingPages(ctx.api),
    async (items, total) => {
      const written = await syncListings(ctx, items);
      counts.fetched += items.length;
      counts.skipped += written.skipped;
      addWriteCounts(counts, written);
      ctx.progress(counts.fetched, total);
    },
  );
  return passResult(counts, pass, 'listings');
}
