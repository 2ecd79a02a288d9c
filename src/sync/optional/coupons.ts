import { DAY, listResource } from './list-resource.js';

/** Coupons: one unpaged answer, so a coupon missing from it is gone. */
export const couponsResource = listResource({
  resource: 'coupons',
  path: '/coupons',
  paging: 'whole',
  deletion: 'absence-from-single-answer',
  key: 'id',
  changes: 'whole-list',
  defaultCadenceSeconds: DAY,
});
