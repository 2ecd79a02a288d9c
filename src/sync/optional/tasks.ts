import { HOUR, listResource } from './list-resource.js';

/** Tasks (cleanings, maintenance): no count and no timestamps; a task gone from the list is marked deleted once GET /tasks/{id} answers 404. */
export const tasksResource = listResource({
  resource: 'tasks',
  path: '/tasks',
  paging: 'paged',
  deletion: 'absence',
  detailPath: (key) => `/tasks/${key}`,
  key: 'id',
  changes: 'whole-list',
  defaultCadenceSeconds: HOUR,
});
