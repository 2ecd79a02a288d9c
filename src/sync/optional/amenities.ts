import { DAY, listResource } from './list-resource.js';

/** Reference list: amenities ({id, name}), one answer, read daily. */
export const amenitiesResource = listResource({
  resource: 'amenities',
  path: '/amenities',
  paging: 'whole',
  deletion: 'absence-from-single-answer',
  key: 'id',
  changes: 'whole-list',
  defaultCadenceSeconds: DAY,
});
