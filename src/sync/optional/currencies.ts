import { DAY, listResource } from './list-resource.js';

/** Reference list: currencies, an object keyed by code (the stored payload is the bare label). */
export const currenciesResource = listResource({
  resource: 'currencies',
  path: '/currencies',
  paging: 'whole',
  deletion: 'absence-from-single-answer',
  key: 'code',
  changes: 'whole-list',
  defaultCadenceSeconds: DAY,
});
