import { upsertListings, type ListingInput } from '../../db/upsert-resource.js';
import { fetchListingPages } from '../../hostaway/resources.js';
import type { HostawayListing } from '../../hostaway/types.js';
import {
  addWriteCounts,
  emptyCounts,
  type ResourceContext,
  type ResourceResult,
  type ResourceSync,
} from '../types.js';
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

export async function fetchAndSyncListings(ctx: ResourceContext): Promise<ResourceResult> {
  const counts = emptyCounts();
  let upstreamTotal: number | undefined;
  for await (const page of fetchListingPages(ctx.api)) {
    upstreamTotal = page.total;
    const written = await syncListings(ctx, page.items);
    counts.fetched += page.items.length;
    counts.skipped += written.skipped;
    addWriteCounts(counts, written);
    ctx.progress(counts.fetched, page.total);
    ctx.checkpoint();
  }
  return { ...counts, status: 'succeeded', ...(upstreamTotal === undefined ? {} : { upstreamTotal }) };
}

export const listingsResource: ResourceSync = { name: 'listings', fetchAndSync: fetchAndSyncListings };
