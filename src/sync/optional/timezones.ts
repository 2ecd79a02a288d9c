import { DAY, listResource } from './list-resource.js';

/** Reference list: time zones, an object keyed by zone name ({value, diff}). */
export const timezonesResource = listResource({
  resource: 'timezones',
  path: '/timezones',
  paging: 'whole',
  deletion: 'absence-from-single-answer',
  key: 'code',
  changes: 'whole-list',
  defaultCadenceSeconds: DAY,
});
