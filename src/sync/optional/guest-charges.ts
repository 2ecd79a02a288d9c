import { HOUR, listResource } from './list-resource.js';

/** Guest charges: paged with count, so a pass proves it read all; a missing charge is deleted after GET /guestPayments/charges/{id} answers 404. */
export const guestChargesResource = listResource({
  resource: 'guestCharges',
  path: '/guestPayments/charges',
  paging: 'paged-count',
  deletion: 'absence',
  detailPath: (key) => `/guestPayments/charges/${key}`,
  key: 'id',
  changes: 'whole-list',
  defaultCadenceSeconds: 6 * HOUR,
});
