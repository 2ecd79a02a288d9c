import { formatDateTime, HOUR_MS } from '../core/time.js';
import { CUSTOM_FIELDS, FIRST_NAMES, LAST_NAMES } from '../data/vocabulary.js';
import type { Rng } from '../core/prng.js';
import type { ResolvedResourceOptions } from '../core/resource-options.js';
import type { AccountData } from '../data/account-data.js';
import type { HostawayRecord } from '../templates/key-template.js';
import {
  AMENITIES,
  BED_TYPES,
  COUNTRIES,
  CURRENCIES,
  LANGUAGES,
  PROPERTY_TYPES,
  TIMEZONES,
} from './reference-lists.js';
import { expense, guestCharges, ownerStatement, reviews, tasks } from './stays.js';

/** What a template gets: the list's own random source, the account and the `resources` options. */
export interface ListContext {
  rng: Rng;
  data: AccountData;
  options: ResolvedResourceOptions;
  /** The account's reservations at first use, id ASC. */
  bookings: readonly HostawayRecord[];
}

/** How a list is paged and enveloped (hostaway-api.md §4). */
export type Paging =
  /** limit/offset, envelope `{status, result, count, offset}`. */
  | 'count'
  /** limit/offset, envelope `{status, result}`: no count, a client stops on a short page. */
  | 'plain'
  /** One unpaged `{status, result}`. */
  | 'whole';

/** How Hostaway shows a deleted object: gone (its detail path answers 404), or listed with a 0/1 marker. */
export type DeletionMarker = 'removed' | 'isDeleted' | 'isCancelled';

/** A date field of the objects and the query parameters bounding its day. */
export interface DayRange {
  field: string;
  start: string;
  end: string;
}

interface ListShape {
  /** The sync's registry name: `listResourceObjects(accountId, name)`, `/_sim/accounts/{id}/{name}/…`. */
  name: string;
  /** Under /v1; also the stats route name. */
  path: string;
  /** Route of one object (`:id`), when documented. */
  detailPath?: string;
  /** Default 'whole'. */
  paging?: Paging;
  /** The endpoint's own silent cap of `limit`, below the simulator's `maxLimit`. */
  maxLimit?: number;
  /** Query parameters that keep the objects whose field of that name equals the value. */
  filters?: readonly string[];
  /**
   * Pairs of query parameters (`YYYY-MM-DD`, each optional) that keep the objects whose date or datetime
   * `field` falls on that day or after (`start`), on that day or before (`end`).
   */
  dayRanges?: readonly DayRange[];
  /** The keys a list item has, when the list serves less than the detail (owner statements). */
  listedKeys?: readonly string[];
  /** Default 'removed'. */
  deletion?: DeletionMarker;
}

/** A list generated per account on first use, from a random source of its own. */
export interface GeneratedList extends ListShape {
  /** Id of the nth object (1-based) of the account with index i: `base + i * perAccount + n`. */
  ids: readonly [base: number, perAccount: number];
  /** How many times `template` runs: objects, or for lists derived from bookings the bookings (id ASC). */
  count: (ctx: ListContext) => number;
  /** The object(s) of the nth run, without `id` (given from `ids` unless the template sets one). */
  template: (ctx: ListContext, n: number) => HostawayRecord | HostawayRecord[];
}

/** Static reference data, the same for every account, served whole and not editable. */
export interface FixedList extends ListShape {
  fixed: unknown;
}

export type FurtherList = GeneratedList | FixedList;

const perBooking = (ctx: ListContext) => ctx.bookings.length;
const booking = (ctx: ListContext, n: number) => ctx.bookings[n - 1]!;
/** One object per name, `{accountId, name, ...more}`. */
const perName = (names: readonly string[], more = (_: ListContext, __: number): HostawayRecord => ({})) => ({
  count: () => names.length,
  template: (ctx: ListContext, n: number) => ({
    accountId: ctx.data.accountId,
    name: names[n - 1],
    ...more(ctx, n),
  }),
});

/**
 * Every list the simulator serves besides listings, reservations and conversations (the per-parent calendar,
 * finance fields and listing fee settings are in `routes.ts`). A row's position salts its random source:
 * add new rows at the end.
 */
export const FURTHER_LISTS: readonly FurtherList[] = [
  {
    name: 'reviews',
    path: '/reviews',
    detailPath: '/reviews/:id',
    paging: 'count',
    filters: ['reservationId', 'listingMapId', 'type', 'status'],
    dayRanges: [{ field: 'departureDate', start: 'departureDateStart', end: 'departureDateEnd' }],
    deletion: 'isCancelled',
    ids: [40_000_000, 100_000],
    count: perBooking,
    template: (ctx, n) => reviews(ctx, booking(ctx, n)),
  },
  {
    name: 'tasks',
    path: '/tasks',
    detailPath: '/tasks/:id',
    paging: 'plain',
    filters: ['reservationId', 'listingMapId', 'channelId', 'status'],
    dayRanges: [
      { field: 'canStartFrom', start: 'canStartFromStart', end: 'canStartFromEnd' },
      { field: 'shouldEndBy', start: 'shouldEndByStart', end: 'shouldEndByEnd' },
    ],
    ids: [150_000_000, 500_000],
    count: perBooking,
    template: (ctx, n) => tasks(ctx, booking(ctx, n), n - 1),
  },
  {
    name: 'expenses',
    path: '/expenses',
    detailPath: '/expenses/:id',
    paging: 'plain',
    maxLimit: 500,
    filters: ['listingMapId', 'reservationId'],
    deletion: 'isDeleted',
    ids: [200_000_000, 100_000],
    count: (ctx) => ctx.options.expenses,
    template: expense,
  },
  {
    name: 'ownerStatements',
    path: '/ownerStatements',
    detailPath: '/ownerStatement/:id',
    paging: 'plain',
    listedKeys: ['id', 'statementName'],
    ids: [210_000_000, 100_000],
    count: (ctx) => ctx.data.listings.size * ctx.options.ownerStatementsPerListing,
    template: ownerStatement,
  },
  {
    name: 'guestCharges',
    path: '/guestPayments/charges',
    detailPath: '/guestPayments/charges/:id',
    paging: 'count',
    filters: ['reservationId', 'listingMapId'],
    ids: [270_000_000, 100_000],
    count: perBooking,
    template: (ctx, n) => guestCharges(ctx, booking(ctx, n)),
  },
  {
    name: 'coupons',
    path: '/coupons',
    ids: [1_300_000, 100],
    ...perName(['WELCOME10', 'LONGSTAY15', 'FLAT50', 'SUMMER5'], (ctx, n) => ({
      isExpired: n === 4 ? 1 : 0,
      numberOfUsesUsed: ctx.rng.int(0, 40),
    })),
  },
  {
    name: 'users',
    path: '/users',
    detailPath: '/user/:id',
    paging: 'plain',
    ids: [1_100_000, 1_000],
    count: (ctx) => ctx.options.users,
    template: ({ rng, data }, n) => ({
      accountId: data.accountId,
      firstName: rng.pick(FIRST_NAMES),
      lastName: rng.pick(LAST_NAMES),
      isAdmin: n === 1 ? 1 : 0,
      lastLoginOn: formatDateTime(data.anchorMs - rng.int(1, 30 * 24) * HOUR_MS),
    }),
  },
  { name: 'userGroups', path: '/userGroups', ids: [1_200_000, 100], ...perName(['Cleaners', 'Managers']) },
  {
    name: 'messageTemplates',
    path: '/messageTemplates',
    ids: [1_400_000, 100],
    ...perName(['greeting', 'check-in', 'check-out', 'review request', 'wifi'], (_, n) => ({
      message: `Hello {{guest_first_name}}, message ${n}.`,
    })),
  },
  {
    name: 'cancellationPolicies',
    path: '/cancellationPolicies',
    ids: [1_500_000, 100],
    ...perName(['Flexible', 'Moderate', 'Strict'], (_, n) => ({
      cancellationPolicyItem: [
        { refundAmount: '100', refundType: 'percentage', timeDelta: String(-n * 86_400) },
      ],
    })),
  },
  {
    // The reservation fields whose values reservations carry (ids 501-503), plus a listing field.
    name: 'customFields',
    path: '/customFields',
    paging: 'plain',
    maxLimit: 500,
    filters: ['objectType'],
    ids: [0, 0],
    count: () => CUSTOM_FIELDS.length + 1,
    template: (ctx, n) => {
      const [id, name, type] = CUSTOM_FIELDS[n - 1] ?? [504, 'Lockbox location', 'text'];
      const objectType = id === 504 ? 'listing' : 'reservation';
      return { id, accountId: ctx.data.accountId, name, type, objectType };
    },
  },
  { name: 'amenities', path: '/amenities', fixed: AMENITIES },
  { name: 'bedTypes', path: '/bedTypes', fixed: BED_TYPES },
  { name: 'propertyTypes', path: '/propertyTypes', fixed: PROPERTY_TYPES },
  { name: 'countries', path: '/countries', fixed: COUNTRIES },
  { name: 'currencies', path: '/currencies', fixed: CURRENCIES },
  { name: 'timezones', path: '/timezones', fixed: TIMEZONES },
  { name: 'languages', path: '/languages', fixed: LANGUAGES },
];

export const isGenerated = (list: FurtherList): list is GeneratedList => !('fixed' in list);
