/**
 * Deterministic id blocks. Each account owns a block per resource, so ids are unique across accounts, do
 * not depend on the order in which accounts are generated, and stay below 2^31 for the first 100 accounts
 * (beyond them, up to 1,000 for fleet benchmarks, message ids pass 2^31 and stay unique per kind).
 */
export const MAX_ACCOUNTS = 1_000;
export const MAX_LISTINGS = 9_999;
export const MAX_RESERVATIONS = 99_999;
export const MAX_MESSAGES = 4_999_999;

export function firstAccountId(): number {
  return 10_001;
}

export function listingId(accountIndex: number, n: number): number {
  return 100_000 + accountIndex * 10_000 + n;
}

export function reservationId(accountIndex: number, n: number): number {
  return 20_000_000 + accountIndex * 100_000 + n;
}

export function conversationId(accountIndex: number, n: number): number {
  return 30_000_000 + accountIndex * 100_000 + n;
}

export function messageId(accountIndex: number, n: number): number {
  return 300_000_000 + accountIndex * 5_000_000 + n;
}

/** Ids of nested items (amenities, images, fees, custom field values, ...). */
export function nestedId(accountIndex: number, n: number): number {
  return 50_000_000 + accountIndex * 1_000_000 + n;
}

/** AirbnbOfficialMessageMetadata.id, derived from its message id. */
export function messageMetadataId(messageIdValue: number): number {
  return messageIdValue + 600_000_000;
}

/** Counters for the next id of each kind within one account (n of the last id handed out). */
export interface IdCounters {
  listing: number;
  reservation: number;
  conversation: number;
  message: number;
  nested: number;
}

export function nextId(counters: IdCounters, kind: keyof IdCounters, limit: number): number {
  if (counters[kind] >= limit) throw new RangeError(`simulator: too many ${kind} objects for one account`);
  counters[kind] += 1;
  return counters[kind];
}
