import {
  createRateGate,
  createSlidingWindow,
  windowWaitMs,
  type Grant,
  type SlidingWindow,
} from './rate-gate.js';
import type { HeldShare, ScopeLease, ScopeRequest } from '../rate-lease.js';

export interface Pauses {
  poolMs: number;
  accountsMs: Record<string, number>;
}

interface ScopeState {
  scope: string;
  accountId: number | null;
  limit: number;
  /** Its limit is the leased share. */
  window: SlidingWindow;
  pending: [number, number, number];
  inFlight: number;
  sent: number;
  lastRank: number;
  wanted: boolean;
  expiresAt: number;
  retryAt: number | null;
  /** Requests sent under a share since given up, still unanswered; then the store is told they settled. */
  epoch: number;
  oldInFlight: number;
  settled: boolean;
  pausedUntil: number;
  /** The leased share (the window's limit, except while paused). */
  share: number;
  /** A renewal that includes this scope is under way. */
  asking: boolean;
  /** The requests it told that renewal still count (`ScopeRequest.counted`). */
  countedAtAsk: number;
}

/** Requests of a window still counting now: in flight (`at` Infinity) or released less than a window ago. */
function countedNow(window: SlidingWindow): number {
  const since = Date.now() - window.windowMs;
  return window.slots.filter((slot) => slot.at > since).length;
}

/**
 * One process's leased shares, per scope (the pool, each account it talks to), and the sliding-window gate
 * that spends them: a request waits for room in its pool's and its account's window, whose limits are the
 * shares; nothing here touches the database.
 */
export function createLeaseScopes(options: {
  pool: string;
  perPool: number;
  perAccount: number;
  windowMs: number;
}) {
  const gate = createRateGate();
  const states = new Map<string, ScopeState>();
  /** Each waiting request's way to fail, with the scopes it waits on. */
  const rejects = new Map<(error: unknown) => void, ScopeState[]>();
  let needRenewal: () => void = () => undefined;
  let interrupted: Error | undefined;

  const stateOf = (accountId: number | null): ScopeState => {
    const scope = accountId === null ? `pool:${options.pool}` : `account:${accountId}`;
    let state = states.get(scope);
    if (!state) {
      const limit = accountId === null ? options.perPool : options.perAccount;
      state = {
        ...{ scope, accountId, limit, window: createSlidingWindow(0, options.windowMs), pending: [0, 0, 0] },
        ...{ inFlight: 0, sent: 0, lastRank: 0, wanted: false, expiresAt: 0, retryAt: null },
        ...{ epoch: 0, oldInFlight: 0, settled: false, pausedUntil: 0, share: 0 },
        ...{ asking: false, countedAtAsk: 0 },
      };
      states.set(scope, state);
    }
    return state;
  };
  const isStarved = (s: ScopeState) => !s.wanted && s.pending.some((n) => n > 0);
  const demand = (s: ScopeState) => s.pending.some((n) => n > 0) || s.inFlight > 0 || s.sent > 0;

  /**
   * The window's limit is the share, or 0 while the scope is paused (a timer lifts the pause). While a
   * renewal is under way it is at most what that renewal said still counts: a share given up counts on only
   * as that, so a request sent during the round trip would count nowhere while another process got its room.
   */
  function applyLimit(s: ScopeState): void {
    const pausedMs = s.pausedUntil - Date.now();
    s.window.limit = pausedMs > 0 ? 0 : s.asking ? Math.min(s.share, s.countedAtAsk) : s.share;
    if (pausedMs > 0) setTimeout(() => applyLimit(s), pausedMs).unref();
    gate.refresh();
  }

  /** A lease not renewed by its expiry (the renewal failed or is stuck) grants nothing more. */
  function expireOne(s: ScopeState): void {
    if (s.expiresAt > Date.now() || s.share === 0) return;
    s.share = 0;
    applyLimit(s);
  }

  function waitForGrant(used: ScopeState[], rank: number): Promise<Grant> {
    const granted = gate.acquire(
      used.map((s) => s.window),
      rank,
    );
    return new Promise<Grant>((resolve, reject) => {
      const fail = (error: unknown) => {
        rejects.delete(fail);
        void granted.then((grant) => grant.release());
        reject(error);
      };
      rejects.set(fail, used);
      void granted.then((grant) => {
        if (!rejects.delete(fail)) return;
        resolve(grant);
      });
    });
  }

  return {
    onNeedRenewal(fn: () => void) {
      needRenewal = fn;
    },
    async acquire(accountId: number | null, rank: number) {
      if (interrupted) throw interrupted;
      const queuedAt = Date.now();
      const used = accountId === null ? [stateOf(null)] : [stateOf(null), stateOf(accountId)];
      for (const s of used) {
        s.pending[rank as 0 | 1 | 2] += 1;
        s.lastRank = rank;
      }
      if (used.some((s) => !s.asking && (!s.wanted || s.expiresAt <= Date.now()))) needRenewal();
      let grant: Grant;
      try {
        grant = await waitForGrant(used, rank);
      } finally {
        for (const s of used) s.pending[rank as 0 | 1 | 2] -= 1;
      }
      const epochs = used.map((s) => {
        s.inFlight += 1;
        s.sent += 1;
        return s.epoch;
      });
      let released = false;
      return {
        waitedMs: Date.now() - queuedAt,
        release() {
          if (released) return;
          released = true;
          grant.release();
          used.forEach((s, i) => {
            s.inFlight -= 1;
            if (epochs[i]! < s.epoch && (s.oldInFlight -= 1) === 0) {
              s.settled = true;
              needRenewal();
            }
          });
        },
      };
    },
    /** The requests for a renewal: every scope in use, holding a share or owing a settlement. */
    requests(closing: boolean): ScopeRequest[] {
      const asked: ScopeRequest[] = [];
      for (const s of states.values()) {
        const busy = demand(s);
        if (!(busy || s.share > 0 || s.settled || s.wanted)) continue;
        const waiting = s.pending.findIndex((n) => n > 0);
        const counted = countedNow(s.window);
        asked.push({
          scope: s.scope,
          limit: s.limit,
          wanted: busy && !closing ? s.limit : 0,
          rank: waiting === -1 ? s.lastRank : waiting,
          inFlight: s.inFlight > 0,
          settled: s.settled,
          closing,
          counted,
        });
        s.settled = false;
        s.asking = true;
        s.countedAtAsk = counted;
        applyLimit(s);
      }
      return asked;
    },
    /** Requests sent on the pool since the last call (the pool's lifetime counter). */
    takeSent(): number {
      let sent = 0;
      for (const s of states.values()) {
        if (s.accountId === null) sent += s.sent;
        s.sent = 0;
      }
      return sent;
    },
    accountIds(): number[] {
      return [...states.values()].flatMap((s) => (s.accountId === null ? [] : [s.accountId]));
    },
    apply(asked: readonly ScopeRequest[], leases: readonly ScopeLease[], pauses: Pauses, sentAt: number) {
      for (const lease of leases) {
        const s = states.get(lease.scope)!;
        s.asking = false;
        const request = asked.find((a) => a.scope === lease.scope)!;
        if (lease.share < s.share && request.inFlight) {
          // The store counts the share given up for the request timeout: say when its requests are answered.
          s.epoch += 1;
          s.oldInFlight = s.inFlight;
          if (s.oldInFlight === 0) s.settled = true;
        }
        s.share = lease.share;
        s.expiresAt = sentAt + lease.expiresInMs;
        if (lease.share > 0) setTimeout(() => expireOne(s), lease.expiresInMs).unref();
        // Asked again within a window at most: a holder of the whole limit gives part back within one.
        s.retryAt = lease.retryInMs === null ? null : sentAt + Math.min(lease.retryInMs, options.windowMs);
        s.wanted = request.wanted > 0;
        const pausedMs = s.accountId === null ? pauses.poolMs : (pauses.accountsMs[String(s.accountId)] ?? 0);
        s.pausedUntil = Math.max(s.pausedUntil, sentAt + pausedMs);
        applyLimit(s);
      }
      // A request that came during the renewal, on a scope it asked nothing for, would wait for a renewal
      // that nothing schedules (no share, nothing wanted): ask again now.
      if (leases.some((lease) => isStarved(states.get(lease.scope)!))) needRenewal();
    },
    /** When to renew next (null: nothing held or wanted); `leadMs` before the earliest expiry. */
    nextRenewalAt(leadMs: number): number | null {
      let at = Infinity;
      for (const s of states.values()) {
        if (s.settled) at = Math.min(at, Date.now());
        if (s.share > 0 || s.wanted) at = Math.min(at, s.expiresAt - leadMs);
        if (s.retryAt !== null) at = Math.min(at, s.retryAt);
      }
      return Number.isFinite(at) ? at : null;
    },
    /**
     * The pool's share when this process holds all of it while its requests wait for it: another process
     * asking for part is starved until this one renews. (An account is one process's at a time: a run
     * holds its lease.)
     */
    poolHeldInFull(): HeldShare | null {
      const pool = states.get(`pool:${options.pool}`);
      if (!pool || pool.share < pool.limit || pool.asking) return null;
      const waiting = pool.pending.findIndex((n) => n > 0);
      return waiting === -1
        ? null
        : { scope: pool.scope, limit: pool.limit, share: pool.share, rank: waiting };
    },
    /** Whether this process holds the pool's whole limit (checked for contention every window). */
    holdsPool: () => (states.get(`pool:${options.pool}`)?.share ?? 0) >= options.perPool,
    hasWaiters: () => rejects.size > 0,
    /** A stop: every waiting request fails with `error`, and so does every later one. */
    interrupt(error: Error) {
      interrupted = error;
      for (const reject of [...rejects.keys()]) reject(error);
    },
    /** A renewal failed: requests waiting on a scope without a share fail with its error. */
    fail(error: unknown) {
      for (const s of states.values()) {
        s.asking = false;
        applyLimit(s);
      }
      for (const [reject, used] of [...rejects]) if (used.some((s) => s.share === 0)) reject(error);
    },
    /** Whether this process had spent its whole share of the pool's window (a 429 then is pool-level). */
    poolShareSpent(): boolean {
      const pool = stateOf(null);
      return windowWaitMs({ ...pool.window, limit: pool.share }, Date.now()) > 0;
    },
    pause(accountId: number | null, until: number) {
      const s = stateOf(accountId);
      s.pausedUntil = Math.max(s.pausedUntil, until);
      applyLimit(s);
    },
  };
}
