import type { ResourceState } from '../core/resource-state.js';
import type { HostawayRecord } from '../templates/key-template.js';
import type { AccountData } from './account-data.js';
import {
  generateCancellationPolicies,
  generateCoupons,
  generateCustomFields,
  generateMessageTemplates,
  generateUserGroups,
  generateUsers,
} from './generate-account-lists.js';
import { generateExpenses, generateGuestCharges } from './generate-finance.js';
import { generateReviews } from './generate-reviews.js';
import { generateOwnerStatements } from './generate-statements.js';
import { generateTasks } from './generate-tasks.js';
import { resourceMap, type ResourceGenerator, type ResourceKind } from './resource-store.js';

const GENERATORS: Record<ResourceKind, ResourceGenerator> = {
  reviews: generateReviews,
  tasks: generateTasks,
  expenses: generateExpenses,
  ownerStatements: generateOwnerStatements,
  guestCharges: generateGuestCharges,
  coupons: generateCoupons,
  users: generateUsers,
  userGroups: generateUserGroups,
  messageTemplates: generateMessageTemplates,
  cancellationPolicies: generateCancellationPolicies,
  customFields: generateCustomFields,
};

/** One kind of further resource of an account, by id (generated on first use). */
export function resourcesOf(
  state: ResourceState,
  data: AccountData,
  kind: ResourceKind,
): Map<number, HostawayRecord> {
  return resourceMap(state, data, kind, GENERATORS[kind]);
}

/** The kind named `name` (its resource's registry name, e.g. 'coupons'), or undefined. */
export function toResourceKind(name: string): ResourceKind | undefined {
  return Object.hasOwn(GENERATORS, name) ? (name as ResourceKind) : undefined;
}
