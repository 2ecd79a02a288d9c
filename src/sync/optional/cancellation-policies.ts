import { DAY, listResource } from './list-resource.js';

/** Cancellation policies: one unpaged answer. */
export const cancellationPoliciesResource = listResource({
  resource: 'cancellationPolicies',
  path: '/cancellationPolicies',
  paging: 'whole',
  deletion: 'absence-from-single-answer',
  key: 'id',
  changes: 'whole-list',
  defaultCadenceSeconds: DAY,
});
