import { reviewsResource } from './reviews.js';
import { tasksResource } from './tasks.js';
import { expensesResource } from './expenses.js';
import { guestChargesResource } from './guest-charges.js';
import { couponsResource } from './coupons.js';
import { customFieldsResource } from './custom-fields.js';
import { usersResource } from './users.js';
import { userGroupsResource } from './user-groups.js';
import { cancellationPoliciesResource } from './cancellation-policies.js';
import { messageTemplatesResource } from './message-templates.js';
import { amenitiesResource } from './amenities.js';
import { bedTypesResource } from './bed-types.js';
import { propertyTypesResource } from './property-types.js';
import { countriesResource } from './countries.js';
import { currenciesResource } from './currencies.js';
import { timezonesResource } from './timezones.js';
import { attachments } from './attachments.js';
import { calendarResource } from './calendar.js';
import { financeFieldsResource } from './finance-fields.js';
import { listingFeeSettingsResource } from './listing-fee-settings.js';
import { ownerStatementsResource } from './owner-statements.js';
import type { OptionalResourceSync } from './optional-resource.js';

/** Every resource beyond the core three, one line each; synced in this order after the core ones. */
export const OPTIONAL_RESOURCES: readonly OptionalResourceSync[] = [
  reviewsResource,
  tasksResource,
  expensesResource,
  guestChargesResource,
  couponsResource,
  customFieldsResource,
  usersResource,
  userGroupsResource,
  cancellationPoliciesResource,
  messageTemplatesResource,
  amenitiesResource,
  bedTypesResource,
  propertyTypesResource,
  countriesResource,
  currenciesResource,
  timezonesResource,
  calendarResource,
  financeFieldsResource,
  listingFeeSettingsResource,
  ownerStatementsResource,
  attachments,
];

export function findOptionalResource(name: string): OptionalResourceSync | undefined {
  return OPTIONAL_RESOURCES.find((resource) => resource.name === name);
}
