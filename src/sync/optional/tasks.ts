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
  // The list has no change marker and keeps every past task, so each pass reads all of it: 43 pages for an
  // account of 5,000 reservations. Hourly that is 1,032 requests a day, more than the core three when idle
  // (BENCHMARKS.md); every 6 hours 172. Set tasks=1h in HOSTAWAY_RESOURCE_CADENCES to dispatch from the mirror.
  defaultCadenceSeconds: 6 * HOUR,
});
