import { listLiveListingIds } from '../../db/optional/fan-out-reads.js';
import { DAY } from './list-resource.js';
import type { OptionalResourceSync } from './optional-resource.js';
import { syncPerParent } from './per-parent-objects.js';

/**
 * A listing's fee settings (`GET /listingFeeSettings/{listingId}`, answered whole): one request per live
 * listing on every pass; each item stored under its listing, and an item the listing's answer no longer
 * holds marked deleted.
 */
export const listingFeeSettingsResource: OptionalResourceSync = {
  name: 'listingFeeSettings',
  describe: {
    endpoint: '/listingFeeSettings/{listingId}',
    table: 'resource_objects',
    key: 'id (parent: listing)',
    changes: 'whole-list',
    deletion: 'absence-from-single-answer',
    defaultCadenceSeconds: DAY,
    requestsPerRun: (size) => size.listings,
  },
  fetchAndSync: async (ctx) =>
    syncPerParent(
      ctx,
      { resource: 'listingFeeSettings', path: (id) => `/listingFeeSettings/${id}`, marker: 'none' },
      await listLiveListingIds(ctx.db, ctx.account.accountId),
    ),
};
