import type { MirrorTableName } from '../db/mirror/mirror-tables.js';
import type { ListWindow } from './resources/list-window.js';
import type { ResourceContext, ResourceResult } from './types.js';

/** How a resource finds what changed since its last pass. */
export type ChangeDetection =
  /** Every pass reads the whole list (small lists, or lists with no change marker to filter on). */
  | 'whole-list'
  /** Rows carry `updatedOn`; a pass still reads the whole list but the marker shows what changed. */
  | 'updatedOn'
  /**
   * Most passes read only a date window of the list (src/sync/resources/list-window.ts); a complete pass
   * every HOSTAWAY_COMPLETE_LIST_SECONDS reads the whole list.
   */
  | 'date-window'
  /** A date window read per parent and replaced in place (the calendar). */
  | 'date-range'
  /** Fetched per parent for parents that changed in this run (finance fields per reservation). */
  | 'changed-parents';

/** How Hostaway shows that an object is gone. */
export type DeletionSignal =
  /** The object stays listed with `isDeleted: 1`: the row keeps its payload and gets `deleted_at`. */
  | 'isDeleted'
  /** The object stays listed with `isCancelled: 1` (reviews). */
  | 'isCancelled'
  /** It is no longer listed: marked deleted only after a complete pass and a 404 from its detail path. */
  | 'absence'
  /** The whole list comes in one answer, so an object missing from it is gone (reference lists). */
  | 'absence-from-single-answer'
  /** Never deleted (calendar days only leave the window). */
  | 'none';

/** Names that stand for several resources in `--resources` (src/sync/resource-sets.ts). */
export type ResourceGroup = 'reference' | 'operations' | 'finance' | 'settings';

/** What a resource's cost depends on: the account's stored counts and objects of this resource. */
export interface AccountSize {
  listings: number;
  reservations: number;
  /** Objects of this resource Hostaway lists for the account (rows of a paged list). */
  objects: number;
  /** Reservations changed in this run (for per-reservation resources). */
  changedReservations: number;
}

/**
 * One entry of the registry (src/sync/registry.ts). A core resource (listings, reservations, threads) is
 * synced for every account on every run, before the others; any other one when the account enables it and
 * its cadence has passed (every enabled one on `sync full` and `sync reconcile`). `sync` reads, maps and
 * writes its rows, marks deletions by the one deletion rule (src/sync/deletion-rule.ts) and reports its
 * counts. What the README's "Resources" table says is checked against these fields.
 */
export interface Resource {
  /** Stored in `sync_state.resource` (and `resource_objects.resource`); what `--resources` names. */
  name: string;
  core: boolean;
  /** The `--resources` group it belongs to (none: core, calendar, attachments). */
  group?: ResourceGroup;
  /** Hostaway's paths, as documented (`/reviews`, `/listings/{id}/calendar`; several joined by ' + '). */
  endpoint: string;
  /** Where its rows are. */
  table: MirrorTableName | 'resource_objects' | 'listing_calendar' | 'message_attachments';
  /** What identifies a row (`id`, `listing + date`, `code`). */
  key: string;
  changes: ChangeDetection;
  deletion: DeletionSignal;
  /** Seconds between two passes unless configured otherwise (0: every run). */
  defaultCadenceSeconds: number;
  /** Requests one pass costs for an account of the given size (a formula, checked by the tests; not core). */
  requestsPerRun?: (size: AccountSize) => number;
  /**
   * The list endpoint every pass starts with: a 404 there means the account cannot use the resource
   * (src/sync/unavailable.ts). Resources read per parent have none: a 404 there is a parent gone.
   */
  listPath?: string;
  /** The date window most passes of a list read instead of the whole list (changes: 'date-window'). */
  window?: ListWindow;
  sync(ctx: ResourceContext): Promise<ResourceResult>;
}
