import { HOUR, listResource } from './list-resource.js';

/** Expenses and extras: listed by id (limit ≤ 500, we page by 100); a deleted one stays listed with isDeleted 1 and a new updatedOn. */
export const expensesResource = listResource({
  resource: 'expenses',
  path: '/expenses',
  paging: 'paged',
  deletion: 'isDeleted',
  key: 'id',
  changes: 'updatedOn',
  defaultCadenceSeconds: 6 * HOUR,
});
