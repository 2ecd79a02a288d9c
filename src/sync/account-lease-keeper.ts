import {
  newLeaseOwner,
  releaseAccountLease,
  renewAccountLease,
  tryTakeAccountLease,
  type LeaseTerms,
  type NextRun,
} from '../db/sql/account-leases.js';
import type { Database } from '../db/database.js';
import { describeError, LeaseLostError } from '../errors.js';
import type { Logger } from '../logger.js';

/** A lease this process holds for one run, renewed in the background until `release()`. */
export interface KeptLease {
  readonly accountId: number;
  /** Aborted (reason: a `LeaseLostError`) once the lease could not be renewed: the run must stop. */
  readonly signal: AbortSignal;
  /**
   * Stops renewing and gives the lease up, scheduling the account's `next` run in the same statement. Safe to
   * call twice (the first call counts); never throws: a failed release leaves the lease to expire and the
   * account due at the time its claim set.
   */
  release(next?: NextRun): Promise<void>;
  /**
   * Stops renewing and has `fn` give the lease up with a statement of its own (the run's finish, say).
   * When `fn` throws, the error is the caller's and `release()` still gives the lease up.
   */
  releaseWith(fn: (owner: string) => Promise<void>): Promise<void>;
}

/** Renewals per lease length: two may fail in a row (a database blip) before the lease runs out. */
const RENEWALS_PER_LEASE = 3;

/** Takes the account's lease and keeps it; null when another run holds it. */
export async function takeAccountLease(
  db: Database,
  input: { accountId: number; leaseMs: number; logger: Logger },
): Promise<KeptLease | null> {
  const terms = { accountId: input.accountId, owner: newLeaseOwner(), leaseMs: input.leaseMs };
  if (!(await tryTakeAccountLease(db, terms, { soleProcess: db.kind === 'pglite' }))) return null;
  return keepAccountLease(db, terms, input.logger);
}

/**
 * Keeps a lease already taken (by `takeAccountLease` or the due claim's statement): renews it every third
 * of its length. A renewal that finds another owner, or no renewal succeeding for a whole lease length
 * (timed from when the last good one was sent), aborts `signal` with a `LeaseLostError`.
 */
export function keepAccountLease(db: Database, terms: LeaseTerms, logger: Logger): KeptLease {
  const controller = new AbortController();
  let renewedAt = performance.now();
  let renewing: Promise<void> | undefined;
  let releasing: Promise<void> | undefined;
  const lose = (why: string) => {
    if (controller.signal.aborted) return;
    const error = new LeaseLostError(`account ${terms.accountId}: lost its lease (${why}); the run stops`, {
      hint: 'another process may be syncing the account now; its next run continues from the last finished resource',
    });
    logger.error({ accountId: terms.accountId, err: error.message }, 'account lease lost');
    controller.abort(error);
  };
  const renew = async () => {
    const sentAt = performance.now();
    try {
      if (await renewAccountLease(db, terms)) renewedAt = sentAt;
      else lose('another process took it over after it expired');
    } catch (error) {
      if (performance.now() - renewedAt >= terms.leaseMs)
        lose(`no renewal for ${Math.round(terms.leaseMs / 1000)} s: ${describeError(error)}`);
      else logger.warn({ accountId: terms.accountId, err: describeError(error) }, 'lease renewal failed');
    }
  };
  const timer = setInterval(() => {
    if (controller.signal.aborted) return;
    // A renewal still unanswered after a lease length: the lease may be someone else's by now.
    if (renewing !== undefined) {
      if (performance.now() - renewedAt >= terms.leaseMs) lose('the database did not answer a renewal');
      return;
    }
    renewing = renew().finally(() => (renewing = undefined));
  }, terms.leaseMs / RENEWALS_PER_LEASE);
  timer.unref();
  return {
    accountId: terms.accountId,
    signal: controller.signal,
    release(next) {
      releasing ??= (async () => {
        clearInterval(timer);
        await renewing;
        await releaseAccountLease(db, terms, next).catch((error: unknown) =>
          logger.warn({ accountId: terms.accountId, err: describeError(error) }, 'lease release failed'),
        );
      })();
      return releasing;
    },
    async releaseWith(fn) {
      if (releasing) return releasing;
      clearInterval(timer);
      await renewing;
      await fn(terms.owner);
      releasing ??= Promise.resolve();
    },
  };
}
