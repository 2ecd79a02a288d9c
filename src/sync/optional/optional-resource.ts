import type { ResourceContext, ResourceResult } from '../types.js';

/** How a resource finds what changed since its last pass. */
export type ChangeDetection =
  /** Every pass reads the whole list (small lists, or lists with no change marker to filter on). */
  | 'whole-list'
  /** Rows carry `updatedOn`; a pass still reads the whole list but the marker shows what changed. */
  | 'updatedOn'
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

/** What the README's resource table and `status` say about a resource; tests check `requestsPerRun`. */
export interface ResourceDescription {
  /** Hostaway's path, as documented (`/reviews`, `/listings/{id}/calendar`). */
  endpoint: string;
  /** Where its rows are (`resource_objects`, `listing_calendar`, `message_attachments`). */
  table: 'resource_objects' | 'listing_calendar' | 'message_attachments';
  /** What identifies a row (`id`, `listing + date`, `code`). */
  key: string;
  changes: ChangeDetection;
  deletion: DeletionSignal;
  /** Seconds between two passes unless configured otherwise. */
  defaultCadenceSeconds: number;
  /** Requests one pass costs, for an account of the given size (a formula, checked by the tests). */
  requestsPerRun(size: AccountSize): number;
}

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
 * A resource beyond the core three: synced when the account enables it and its cadence has passed (every
 * enabled one on `sync full` and `sync reconcile`). One module per resource exports one of these; the
 * registry lists them. `fetchAndSync` reads, maps and writes its rows with the shared helpers in this
 * folder, honouring the deletion rules of the core tables, and reports its counts.
 */
export interface OptionalResourceSync {
  name: string;
  describe: ResourceDescription;
  /**
   * The list endpoint every pass starts with: a 404 there means the account cannot use the resource
   * (src/sync/unavailable.ts). Resources read per parent have none: a 404 there is a parent gone.
   */
  listPath?: string;
  fetchAndSync(ctx: ResourceContext): Promise<ResourceResult>;
}
