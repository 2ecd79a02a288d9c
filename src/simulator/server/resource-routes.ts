import type { ApiEndpoint } from './api-context.js';
import {
  getListingFeeSettings,
  getUser,
  listCustomFields,
  listUsers,
  REFERENCE_RESULTS,
  referenceList,
  wholeList,
} from './account-list-endpoints.js';
import { getCalendar } from './calendar-endpoints.js';
import {
  getExpense,
  getFinanceFields,
  getGuestCharge,
  getOwnerStatement,
  listExpenses,
  listGuestCharges,
  listOwnerStatements,
} from './finance-endpoints.js';
import { getReview, getTask, listReviews, listTasks } from './review-task-endpoints.js';
import type { Route } from './router.js';

type Handler = Extract<ApiEndpoint, { auth: true }>['handle'];
const get = (pattern: string, handle: Handler): Route<ApiEndpoint> => ({
  method: 'GET',
  pattern,
  handler: { auth: true, handle },
});

/** Calendar, reviews, tasks, finance and reference data (relative to /v1; every one needs the token). */
export const RESOURCE_ROUTES: readonly Route<ApiEndpoint>[] = [
  get('/listings/:id/calendar', getCalendar),
  get('/reviews', listReviews),
  get('/reviews/:id', getReview),
  get('/tasks', listTasks),
  get('/tasks/:id', getTask),
  get('/expenses', listExpenses),
  get('/expenses/:id', getExpense),
  get('/ownerStatements', listOwnerStatements),
  get('/ownerStatement/:id', getOwnerStatement),
  get('/financeField/:reservationId', getFinanceFields),
  get('/guestPayments/charges', listGuestCharges),
  get('/guestPayments/charges/:id', getGuestCharge),
  get('/coupons', wholeList('coupons')),
  get('/customFields', listCustomFields),
  get('/users', listUsers),
  get('/user/:id', getUser),
  get('/userGroups', wholeList('userGroups')),
  get('/listingFeeSettings/:listingId', getListingFeeSettings),
  get('/cancellationPolicies', wholeList('cancellationPolicies')),
  get('/messageTemplates', wholeList('messageTemplates')),
  ...Object.keys(REFERENCE_RESULTS).map((path) => get(path, referenceList(path))),
];
