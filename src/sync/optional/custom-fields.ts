import { DAY, listResource } from './list-resource.js';

/** Custom field definitions (every objectType): paged without count and without a detail path, so a removal cannot be proved and the row is kept. */
export const customFieldsResource = listResource({
  resource: 'customFields',
  path: '/customFields',
  paging: 'paged',
  deletion: 'none',
  key: 'id',
  changes: 'whole-list',
  defaultCadenceSeconds: DAY,
});
