import type { HeldShare, ScopeLease, ScopeRequest } from '../rate-lease.js';
import { createLeaseScopes, type Pauses } from './lease-scopes.js';
import { PRIORITY_RANK, type PausedScope, type RateBudget } from './rate-budget.js';

/** Where leases are kept (PostgreSQL: src/db/rate-budget/postgres-lease-store.ts). */
export interface LeaseStore {
  /** Renews the process's leases on `requests` in one transaction; `sent`: requests sent since the last. */
  renew(
    requests: readonly ScopeRequest[],
    sent: number,
    accountIds: readonly number[],
  ): Promise<{
    leases: ScopeLease[];
    pauses: Pauses;
  }>;
  /** Records a 429 and says what it paused. */
  refuse(refusal: { accountId: number | null; pauseMs: number; shareSpent: boolean }): Promise<PausedScope>;
  /** Whether another process now asks for part of a share held in full (a renewal would shrink it). */
  contested(held: HeldShare): Promise<boolean>;
}

export interface LeasedBudgetOptions {
  pool: string;
  perPool: number;
  perAccount: number;
  windowMs: number;
  leaseMs: number;
}

/**
 * A rate budget shared by every process of an egress pool, paid per lease rather than per request: the
 * process leases a share of the pool's window (and of each account's it talks to) for `leaseMs`, spends it
 * through its own sliding-window gate (concurrent requests never wait on each other's round trip to the
 * store), and renews every lease in one transaction a window before they expire. A process alone on its
 * pool holds the whole limit; processes that want requests split it by priority, and learn of each other
 * at their next renewal. A process holding the pool's whole limit while its requests wait for it asks
 * the store every window whether another process wants part of it, and renews at once if so: a newcomer
 * waits a window or two, not a whole lease. A share that cannot be had yet is asked for again when the
 * store says it frees, within a window at most.
 */
export function createLeasedBudget(store: LeaseStore, options: LeasedBudgetOptions): RateBudget {
  const scopes = createLeaseScopes(options);
  // Renewed one window before expiry (at most half the lease): a renewal is one short transaction.
  const leadMs = Math.min(options.windowMs, options.leaseMs / 2);
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let retryAfterFailureAt = 0;
  let closing: Promise<void> | null = null;

  async function renewOnce(closing: boolean): Promise<void> {
    const asked = scopes.requests(closing);
    if (asked.length === 0) return;
    const sentAt = Date.now();
    const { leases, pauses } = await store.renew(asked, scopes.takeSent(), scopes.accountIds());
    scopes.apply(asked, leases, pauses, sentAt);
  }

  function renew(): void {
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = (async () => {
      try {
        do {
          again = false;
          await renewOnce(false);
        } while (again && !closed);
      } catch (error) {
        retryAfterFailureAt = Date.now() + options.windowMs / 2;
        scopes.fail(error);
      } finally {
        running = null;
        schedule();
      }
    })();
  }

  /** Renews now if another process asks for part of the pool held in full; else looks again in a window. */
  async function checkContention(): Promise<void> {
    const held = scopes.poolHeldInFull();
    const contested = held !== null && (await store.contested(held).catch(() => false));
    if (closed) return;
    if (contested) renew();
    else if (!running) schedule();
  }

  function schedule(): void {
    clearTimeout(timer);
    const at = scopes.nextRenewalAt(leadMs);
    if (closed || at === null) return;
    const checkAt = scopes.holdsPool() ? Date.now() + leadMs : Infinity;
    const delay = (t: number) => Math.max(0, t - Date.now(), retryAfterFailureAt - Date.now());
    timer =
      checkAt < at ? setTimeout(() => void checkContention(), delay(checkAt)) : setTimeout(renew, delay(at));
    // Requests waiting on this renewal keep the process alive; an idle lease does not.
    if (!scopes.hasWaiters()) timer.unref();
  }

  scopes.onNeedRenewal(renew);

  return {
    acquire({ accountId, priority }) {
      return scopes.acquire(accountId, PRIORITY_RANK[priority]);
    },
    async reportRateLimited(pauseMs, accountId) {
      const scope = await store.refuse({ accountId, pauseMs, shareSpent: scopes.poolShareSpent() });
      scopes.pause(scope === 'pool' ? null : accountId, Date.now() + pauseMs);
      return scope;
    },
    interrupt(error) {
      scopes.interrupt(error);
    },
    close() {
      closed = true;
      clearTimeout(timer);
      closing ??= (async () => {
        await running;
        await renewOnce(true).catch(() => undefined);
      })();
      return closing;
    },
  };
}
