import { DAY, listResource } from './list-resource.js';

/** Reference list: countries, an object keyed by code (the stored payload is the bare name). */
export const countriesResource = listResource({
  resource: 'countries',
  path: '/countries',
  paging: 'whole',
  deletion: 'absence-from-single-answer',
  key: 'code',
  changes: 'whole-list',
  defaultCadenceSeconds: DAY,
});
