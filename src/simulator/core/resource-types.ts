import type { HostawayObject } from './types.js';

/** A calendar change: the days from startDate to endDate (default startDate) get these values. */
export interface CalendarChange {
  startDate: string;
  endDate?: string;
  price?: number;
  /** Without `status`, 1 sets 'available' and 0 'blocked'. */
  isAvailable?: 0 | 1;
  status?: string;
  minimumStay?: number;
  maximumStay?: number;
  note?: string | null;
  closedOnArrival?: 0 | 1 | null;
  closedOnDeparture?: 0 | 1 | null;
}

export interface NewAttachment {
  /** Default 'added-file.txt'; the extension picks the MIME type (jpg, png, pdf, txt, else octet-stream). */
  name?: string;
  /** Default 0 (private: the URL is signed and expires). */
  isPublic?: 0 | 1;
  /** Default 1024; at most 1 GiB (bytes are generated while streaming). */
  sizeBytes?: number;
  /** Serve this URL in the message instead of the simulator's own (payloads pointing elsewhere). */
  url?: string;
  /** The simulator's URL of the file answers 302 to this location instead of the bytes. */
  redirectTo?: string;
}

/** Programmatic access to the further resources (see README "Further resources"). */
export interface ResourceMethods {
  listFinanceFields(accountId: number, reservationId: number): HostawayObject[];
  /** Calendar days from startDate to endDate inclusive ("YYYY-MM-DD"), without embedded reservations. */
  getCalendar(accountId: number, listingId: number, startDate: string, endDate: string): HostawayObject[];
  /**
   * Patches one object of a further list by its resource name ('reviews', 'tasks', 'expenses', 'users', …;
   * keys the object has only); objects with `updatedOn` get it set to now.
   */
  updateResourceObject(
    accountId: number,
    resource: string,
    id: number,
    patch: Record<string, unknown>,
  ): HostawayObject;
  /**
   * Deletes one object as Hostaway shows it: expenses get `isDeleted: 1` (and updatedOn now), reviews
   * `isCancelled: 1`, and both stay listed; any other object is removed (its detail path then 404s).
   * Returns the object as it was last served.
   */
  deleteResourceObject(accountId: number, resource: string, id: number): HostawayObject;
  /** The objects of a further list by its resource name, in served order (e.g. reviews id ASC). */
  listResourceObjects(accountId: number, resource: string): HostawayObject[];
  updateFinanceField(
    accountId: number,
    reservationId: number,
    fieldId: number,
    patch: Record<string, unknown>,
  ): HostawayObject;
  /** Soft delete: isDeleted 1; the field is still served. */
  deleteFinanceField(accountId: number, reservationId: number, fieldId: number): HostawayObject;
  /** Overrides calendar days (price, availability, stay limits, note); returns the changed days. */
  updateCalendar(accountId: number, listingId: number, change: CalendarChange): HostawayObject[];
  /** Adds a file to a message; returns the message as served (with signed URLs). */
  addAttachment(
    accountId: number,
    conversationId: number,
    messageId: number,
    attachment?: NewAttachment,
  ): HostawayObject;
  /** Every attachment URL issued so far (one account, or all) answers 410; re-fetched messages get new ones. */
  expireAttachmentUrls(accountId?: number): void;
  /** Moves the simulator clock forward (tokens, rate-limit windows, URL expiry, mutation times). */
  advanceClock(ms: number): void;
}
