import { DAY, listResource } from './list-resource.js';

/** Reference list: property types ({id, name}), one answer, read daily. */
export const propertyTypesResource = listResource({
  resource: 'propertyTypes',
  path: '/propertyTypes',
  paging: 'whole',
  deletion: 'absence-from-single-answer',
  key: 'id',
  changes: 'whole-list',
  defaultCadenceSeconds: DAY,
});
