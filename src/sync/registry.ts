import { listLiveListingIds } from '../db/optional/fan-out-reads.js';
import { DAY_SECONDS, HOUR_SECONDS } from '../durations.js';
import type { Resource, ResourceGroup } from './resource.js';
import { attachmentsResource } from './resources/attachments.js';
import { calendarResource } from './resources/calendar.js';
import { coreResource } from './resources/core-resource.js';
import { financeFieldsResource } from './resources/finance-fields.js';
import { fetchAndSyncListings } from './resources/listings.js';
import { listResource } from './resources/object-list.js';
import { ownerStatementsResource } from './resources/owner-statements.js';
import { syncPerParent } from './resources/per-parent-objects.js';
import { fetchAndSyncReservations } from './resources/reservations.js';
import { fetchAndSyncThreads } from './resources/threads.js';

/** A list Hostaway answers whole at `/{name}`: what it no longer holds is gone (unless too many); read daily. */
const wholeList = (name: string, group: ResourceGroup, key: 'id' | 'code' = 'id') =>
  listResource({
    name,
    group,
    path: `/${name}`,
    paging: 'whole',
    deletion: 'absence-from-single-answer',
    key,
    changes: 'whole-list',
    defaultCadenceSeconds: DAY_SECONDS,
  });

/**
 * Every resource, one entry each, synced in this order: the core three first (listings so reservations can
 * be read against them, threads last), then those the account enables that are due. A list stored in
 * `resource_objects` is an entry and nothing more; a resource with logic of its own has a module in
 * src/sync/resources/. The README's "Resources" table has one row per entry after the core three.
 */
export const RESOURCES: readonly Resource[] = [
  coreResource({
    name: 'listings',
    endpoint: '/listings',
    table: 'listings',
    key: 'id',
    changes: 'whole-list',
    deletion: 'absence',
    detailPath: (id) => `/listings/${id}`,
    read: fetchAndSyncListings,
  }),
  coreResource({
    name: 'reservations',
    endpoint: '/reservations',
    table: 'reservations',
    key: 'id',
    changes: 'updatedOn',
    deletion: 'absence',
    detailPath: (id) => `/reservations/${id}`,
    read: fetchAndSyncReservations,
  }),
  coreResource({
    name: 'threads',
    endpoint: '/conversations + /conversations/{id}/messages',
    table: 'messages',
    key: 'conversation id',
    changes: 'changed-parents',
    deletion: 'absence',
    detailPath: (id) => `/conversations/${id}`,
    read: fetchAndSyncThreads,
  }),
  // No updatedOn, and the list keeps every past review: a pass reads the reviews of stays that ended in the
  // last 30 days (those still written, published or expired: Booking.com allows 28 days after check-out),
  // the whole list (with count) only at the complete-pass cadence. A cancelled review stays listed with
  // isCancelled 1.
  listResource({
    name: 'reviews',
    group: 'operations',
    path: '/reviews',
    paging: 'paged-count',
    deletion: 'isCancelled',
    key: 'id',
    changes: 'date-window',
    window: {
      field: 'departureDate',
      startParam: 'departureDateStart',
      endParam: 'departureDateEnd',
      daysBack: 30,
      daysAhead: 1,
    },
    defaultCadenceSeconds: 6 * HOUR_SECONDS,
  }),
  // Cleanings, maintenance: no count and no timestamps, and the list keeps every past task (43 pages for an
  // account of 5,000 reservations). A pass reads the tasks that can start from a week ago to a month ahead,
  // those being scheduled, done or checked off; the whole list only at the complete-pass cadence, which
  // alone marks a task gone from it deleted (once GET /tasks/{id} answers 404) and sees tasks made further
  // ahead. Set tasks=1h in HOSTAWAY_RESOURCE_CADENCES to dispatch from the mirror.
  listResource({
    name: 'tasks',
    group: 'operations',
    path: '/tasks',
    paging: 'paged',
    deletion: 'absence',
    detailPath: (key) => `/tasks/${key}`,
    key: 'id',
    changes: 'date-window',
    window: {
      field: 'canStartFrom',
      startParam: 'canStartFromStart',
      endParam: 'canStartFromEnd',
      daysBack: 7,
      daysAhead: 30,
    },
    defaultCadenceSeconds: 6 * HOUR_SECONDS,
  }),
  // Expenses and extras: listed by id (limit ≤ 500, we page by 100); a deleted one stays listed with
  // isDeleted 1 and a new updatedOn.
  listResource({
    name: 'expenses',
    group: 'finance',
    path: '/expenses',
    paging: 'paged',
    deletion: 'isDeleted',
    key: 'id',
    changes: 'updatedOn',
    defaultCadenceSeconds: 6 * HOUR_SECONDS,
  }),
  // Paged with count, so a pass proves it read all; a missing charge is deleted after its detail path
  // answers 404.
  listResource({
    name: 'guestCharges',
    group: 'finance',
    path: '/guestPayments/charges',
    paging: 'paged-count',
    deletion: 'absence',
    detailPath: (key) => `/guestPayments/charges/${key}`,
    key: 'id',
    changes: 'whole-list',
    defaultCadenceSeconds: 6 * HOUR_SECONDS,
  }),
  wholeList('coupons', 'settings'),
  // Definitions of every objectType: paged without count and without a detail path, so a removal cannot
  // be proved and the row is kept.
  listResource({
    name: 'customFields',
    group: 'settings',
    path: '/customFields',
    paging: 'paged',
    deletion: 'none',
    key: 'id',
    changes: 'whole-list',
    defaultCadenceSeconds: DAY_SECONDS,
  }),
  // Paged without count; a user gone from the list is deleted once GET /user/{id} (singular) answers 404.
  listResource({
    name: 'users',
    group: 'settings',
    path: '/users',
    paging: 'paged',
    deletion: 'absence',
    detailPath: (key) => `/user/${key}`,
    key: 'id',
    changes: 'whole-list',
    defaultCadenceSeconds: DAY_SECONDS,
  }),
  wholeList('userGroups', 'settings'),
  wholeList('cancellationPolicies', 'settings'),
  wholeList('messageTemplates', 'settings'),
  // Reference lists: amenities, bed types and property types are arrays of {id, name}; countries,
  // currencies and languages objects keyed by code (the stored payload is the bare name); time zones keyed
  // by zone name ({value, diff}).
  wholeList('amenities', 'reference'),
  wholeList('bedTypes', 'reference'),
  wholeList('propertyTypes', 'reference'),
  wholeList('countries', 'reference', 'code'),
  wholeList('currencies', 'reference', 'code'),
  wholeList('timezones', 'reference', 'code'),
  wholeList('languages', 'reference', 'code'),
  calendarResource,
  financeFieldsResource,
  // A listing's fee settings, answered whole: one request per live listing on every pass; each item stored
  // under its listing, and an item the listing's answer no longer holds marked deleted.
  {
    name: 'listingFeeSettings',
    core: false,
    group: 'settings',
    endpoint: '/listingFeeSettings/{listingId}',
    table: 'resource_objects',
    key: 'id (parent: listing)',
    changes: 'whole-list',
    deletion: 'absence-from-single-answer',
    defaultCadenceSeconds: DAY_SECONDS,
    requestsPerRun: (size) => size.listings,
    sync: async (ctx) =>
      syncPerParent(
        ctx,
        { resource: 'listingFeeSettings', path: (id) => `/listingFeeSettings/${id}`, marker: 'none' },
        await listLiveListingIds(ctx.db, ctx.account.accountId),
      ),
  },
  ownerStatementsResource,
  attachmentsResource,
];

export function findResource(name: string): Resource | undefined {
  return RESOURCES.find((resource) => resource.name === name);
}
