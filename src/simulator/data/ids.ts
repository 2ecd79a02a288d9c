/**
 * Deterministic id blocks. Each account owns a block per kind, so ids are unique across accounts, do not
 * depend on the order in which accounts are generated, and stay below 2^31 for the first 100 accounts
 * (beyond them, up to 1,000 for fleet benchmarks, message ids pass 2^31 and stay unique per kind).
 */
export const MAX_ACCOUNTS = 1_000;
export const MAX_LISTINGS = 9_999;
export const MAX_RESERVATIONS = 99_999;
export const FIRST_ACCOUNT_ID = 10_001;

/** Per kind: the base, the block each account owns, and how many ids one account may use. */
const BLOCKS = {
  listing: [100_000, 10_000, MAX_LISTINGS],
  reservation: [20_000_000, 100_000, MAX_RESERVATIONS],
  conversation: [30_000_000, 100_000, MAX_RESERVATIONS],
  message: [300_000_000, 5_000_000, 4_999_999],
  /** Nested items (amenities, images, fees, custom field values, ...). */
  nested: [50_000_000, 1_000_000, 999_999],
} as const;

type Kind = keyof typeof BLOCKS;
/** Per kind, the n of the last id handed out within one account. */
export type IdCounters = Record<Kind, number>;

/** The nth id (1-based) of a kind in the account with index `accountIndex`. */
export function idOf(kind: Kind, accountIndex: number, n: number): number {
  const [base, perAccount] = BLOCKS[kind];
  return base + accountIndex * perAccount + n;
}

/** The account's next id of a kind; throws when the account has used them all. */
export function newId(ctx: { accountIndex: number; counters: IdCounters }, kind: Kind): number {
  if (ctx.counters[kind] >= BLOCKS[kind][2])
    throw new RangeError(`simulator: too many ${kind} objects for one account`);
  ctx.counters[kind] += 1;
  return idOf(kind, ctx.accountIndex, ctx.counters[kind]);
}

/** AirbnbOfficialMessageMetadata.id, derived from its message id. */
export function messageMetadataId(messageIdValue: number): number {
  return messageIdValue + 600_000_000;
}
