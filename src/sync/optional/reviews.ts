import { HOUR, listResource } from './list-resource.js';

/** Reviews: no updatedOn, so each pass reads the list (with count); a cancelled review stays listed with isCancelled 1. */
export const reviewsResource = listResource({
  resource: 'reviews',
  path: '/reviews',
  paging: 'paged-count',
  deletion: 'isCancelled',
  key: 'id',
  changes: 'whole-list',
  defaultCadenceSeconds: 6 * HOUR,
});
