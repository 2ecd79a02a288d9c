import { DAY, listResource } from './list-resource.js';

/** Reference list: bed types ({id, name}), one answer, read daily. */
export const bedTypesResource = listResource({
  resource: 'bedTypes',
  path: '/bedTypes',
  paging: 'whole',
  deletion: 'absence-from-single-answer',
  key: 'id',
  changes: 'whole-list',
  defaultCadenceSeconds: DAY,
});
