/**
 * Proactive rate limiting that never lets any sliding window exceed its limit, as the server sees it.
 *
 * Hostaway documents "15 requests / 10 s per IP and 20 / 10 s per account" but not the window algorithm, so
 * we assume the strictest one. A fixed-interval limiter (p-queue's intervalCap) lets twice the limit through
 * across an interval boundary; a sliding-window log cannot: a request is granted only when every window it
 * belongs to holds fewer than `limit` requests younger than `windowMs`.
 *
 * The server counts a request when it arrives, which is some time after we send it. So a request occupies
 * its windows from the moment it is granted until it is released (its response arrived, or it failed), and
 * only then starts to age: its slot frees `windowMs` after the release, which is never earlier than
 * `windowMs` after its arrival. Latency or a busy event loop can then never squeeze an extra request into
 * the server's window, without padding the limit.
 *
 * One gate serves all windows; waiters are served by rank (0 most urgent), then first-in-first-out, but a
 * waiter blocked only by its own account window does not hold up other accounts (so ten accounts share the
 * per-IP budget fairly).
 */
interface Slot {
  /** When the slot starts to age: Infinity while its request is in flight. */
  at: number;
}

export interface SlidingWindow {
  /** May change (a leased share); 0 grants nothing until it grows. */
  limit: number;
  readonly windowMs: number;
  readonly slots: Slot[];
}

export function createSlidingWindow(limit: number, windowMs: number): SlidingWindow {
  return { limit, windowMs, slots: [] };
}

/** Milliseconds until the window has room for one more request: 0 = now, Infinity = after a release. */
export function windowWaitMs(window: SlidingWindow, now: number): number {
  const { slots } = window;
  for (let i = slots.length - 1; i >= 0; i -= 1) {
    if (slots[i]!.at <= now - window.windowMs) slots.splice(i, 1);
  }
  if (slots.length < window.limit) return 0;
  if (window.limit <= 0) return Infinity;
  const ages = slots.map((slot) => slot.at).sort((a, b) => a - b);
  return ages[slots.length - window.limit]! + window.windowMs - now;
}

export interface Grant {
  waitedMs: number;
  /** The request is over (answered or failed): from now on its slot ages out. Safe to call twice. */
  release(): void;
}

interface Waiter {
  windows: readonly SlidingWindow[];
  rank: number;
  resolve: (grant: Grant) => void;
  queuedAt: number;
}

export interface RateGate {
  /** Resolves when every window has room; the request holds a slot in each until `release()`. */
  acquire(windows: readonly SlidingWindow[], rank?: number): Promise<Grant>;
  /** A window's limit changed: serve the waiters it lets through. */
  refresh(): void;
  readonly pending: number;
}

export function createRateGate(now: () => number = Date.now): RateGate {
  const queue: Waiter[] = [];
  let timer: NodeJS.Timeout | undefined;

  function grant(waiter: Waiter, at: number): Grant {
    const slot: Slot = { at: Infinity };
    for (const window of waiter.windows) window.slots.push(slot);
    return {
      waitedMs: at - waiter.queuedAt,
      release() {
        if (slot.at !== Infinity) return;
        slot.at = now();
        schedule();
      },
    };
  }

  function drain(): void {
    timer = undefined;
    let nextWake = Infinity;
    for (let i = 0; i < queue.length;) {
      const waiter = queue[i]!;
      const at = now();
      const wait = Math.max(...waiter.windows.map((w) => windowWaitMs(w, at)));
      if (wait <= 0) {
        queue.splice(i, 1);
        waiter.resolve(grant(waiter, at));
      } else {
        nextWake = Math.min(nextWake, wait);
        i += 1;
      }
    }
    // With every slot in flight there is nothing to time: the next release drains again.
    if (queue.length > 0 && Number.isFinite(nextWake)) {
      timer = setTimeout(drain, Math.max(1, Math.ceil(nextWake)));
    }
  }

  function schedule(): void {
    if (timer !== undefined) clearTimeout(timer);
    drain();
  }

  return {
    acquire(windows, rank = 0) {
      return new Promise<Grant>((resolve) => {
        // Behind every waiter of the same or a more urgent rank: FIFO within a rank.
        const at = queue.findIndex((waiter) => waiter.rank > rank);
        queue.splice(at === -1 ? queue.length : at, 0, { windows, rank, resolve, queuedAt: now() });
        schedule();
      });
    },
    refresh: schedule,
    get pending() {
      return queue.length;
    },
  };
}
