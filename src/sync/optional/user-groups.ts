import { DAY, listResource } from './list-resource.js';

/** User groups: one unpaged answer. */
export const userGroupsResource = listResource({
  resource: 'userGroups',
  path: '/userGroups',
  paging: 'whole',
  deletion: 'absence-from-single-answer',
  key: 'id',
  changes: 'whole-list',
  defaultCadenceSeconds: DAY,
});
