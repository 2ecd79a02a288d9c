import { DAY, listResource } from './list-resource.js';

/** Message templates: one unpaged answer. */
export const messageTemplatesResource = listResource({
  resource: 'messageTemplates',
  path: '/messageTemplates',
  paging: 'whole',
  deletion: 'absence-from-single-answer',
  key: 'id',
  changes: 'whole-list',
  defaultCadenceSeconds: DAY,
});
