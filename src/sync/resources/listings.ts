import { upsertListings, type ListingInput } from '../../db/mirror/upsert-resource.js';
import { fetchListingPages } from '../../hostaway/resources.js';
import type { HostawayListing } from '../../hostaway/types.js';
import type { ResourceContext, ResourceResult } from '../types.js';
import { passResult, readWholeList } from './complete-pass.js';
import { toId } from './to-id.js';
import { writeListPage } from './write-list-page.js';

function toListingRow(listing: HostawayListing): ListingInput | null {
  const id = toId(listing.id);
  return id === null ? null : { id, payload: listing };
}

/** Listings are few: every pass reads them all, and proves it did (see `readWholeList`). */
export async function fetchAndSyncListings(ctx: ResourceContext): Promise<ResourceResult> {
  const pass = await readWholeList(
    ctx,
    () => fetchListingPages(ctx.api),
    async (items, total) => {
      await writeListPage(ctx, { items, total }, toListingRow, (rows) =>
        upsertListings(ctx.db, { ...ctx.account, rows }),
      );
    },
  );
  return passResult(ctx.counts, pass, 'listings');
}
