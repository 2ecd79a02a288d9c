import { DAY_MS } from './time.js';

/** Sizes of the resources served besides listings, reservations and threads (README "Further resources"). */
export interface ResourceOptions {
  /** Expenses and extras per account; default 40 (at most 90 000). */
  expenses?: number;
  /** Owner statements per listing (one per past month); default 2 (at most 24). */
  ownerStatementsPerListing?: number;
  /** Users per account, the first one an admin; default 4 (at most 999). */
  users?: number;
  /** One message in N carries a generated attachment; default 15; 0 generates none. */
  attachmentEvery?: number;
  /** Lifetime of a private (`isPublic: 0`) attachment URL; default 7 days. */
  attachmentUrlTtlMs?: number;
  /** Size of the large private PDF on each account's first message; default 12 MiB; 0 adds none. */
  largeAttachmentBytes?: number;
}

export type ResolvedResourceOptions = Required<ResourceOptions>;

/** An option's value or its default; throws unless it is an integer between 0 and max. */
export function boundedOption(
  value: number | undefined,
  fallback: number,
  max: number,
  name: string,
): number {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < 0 || resolved > max) {
    throw new RangeError(`simulator option ${name} must be an integer between 0 and ${max}`);
  }
  return resolved;
}

const bounded = (value: number | undefined, fallback: number, max: number, name: string) =>
  boundedOption(value, fallback, max, `resources.${name}`);

export function resolveResourceOptions(options: ResourceOptions = {}): ResolvedResourceOptions {
  return {
    expenses: bounded(options.expenses, 40, 90_000, 'expenses'),
    ownerStatementsPerListing: bounded(options.ownerStatementsPerListing, 2, 24, 'ownerStatementsPerListing'),
    users: bounded(options.users, 4, 999, 'users'),
    attachmentEvery: bounded(options.attachmentEvery, 15, 1_000_000, 'attachmentEvery'),
    attachmentUrlTtlMs: Math.max(
      1000,
      bounded(options.attachmentUrlTtlMs, 7 * DAY_MS, 3650 * DAY_MS, 'attachmentUrlTtlMs'),
    ),
    largeAttachmentBytes: boundedOption(
      options.largeAttachmentBytes,
      12 * 1024 * 1024,
      1024 ** 3,
      'largeAttachmentBytes',
    ),
  };
}
