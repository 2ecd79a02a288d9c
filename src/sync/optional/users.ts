import { DAY, listResource } from './list-resource.js';

/** Users: paged without count; a user gone from the list is deleted once GET /user/{id} (singular) answers 404. */
export const usersResource = listResource({
  resource: 'users',
  path: '/users',
  paging: 'paged',
  deletion: 'absence',
  detailPath: (key) => `/user/${key}`,
  key: 'id',
  changes: 'whole-list',
  defaultCadenceSeconds: DAY,
});
