/**
 * Proactive rate limiting that never lets any sliding window exceed its limit.
 *
 * Hostaway documents "15 requests / 10 s per IP and 20 / 10 s per account" but not the window algorithm, so
 * we assume the strictest one. A fixed-interval limiter (p-queue's intervalCap) lets twice the limit through
 * across an interval boundary; a sliding-window log cannot: a request is granted only when every window it
 * belongs to holds fewer than `limit` timestamps younger than `windowMs`.
 *
 * One gate serves all windows; waiters are served first-in-first-out, but a waiter blocked only by its own
 * account window does not hold up other accounts (so ten accounts share the per-IP budget fairly).
 */
export interface SlidingWindow {
  readonly limit: number;
  readonly windowMs: number;
  /** Grant timestamps inside the window, oldest first. */
  readonly stamps: number[];
}

export function createSlidingWindow(limit: number, windowMs: number): SlidingWindow {
  return { limit, windowMs, stamps: [] };
}

/** Milliseconds until the window has room for one more request (0 = now). */
export function windowWaitMs(window: SlidingWindow, now: number): number {
  const { stamps } = window;
  while (stamps.length > 0 && stamps[0]! <= now - window.windowMs) stamps.shift();
  if (stamps.length < window.limit) return 0;
  return stamps[stamps.length - window.limit]! + window.windowMs - now;
}

interface Waiter {
  windows: readonly SlidingWindow[];
  resolve: (waitedMs: number) => void;
  queuedAt: number;
}

export interface RateGate {
  /** Resolves when every window has room, with the time spent waiting; the grant is recorded in all. */
  acquire(windows: readonly SlidingWindow[]): Promise<number>;
  readonly pending: number;
}

export function createRateGate(now: () => number = Date.now): RateGate {
  const queue: Waiter[] = [];
  let timer: NodeJS.Timeout | undefined;

  function drain(): void {
    timer = undefined;
    let nextWake = Infinity;
    for (let i = 0; i < queue.length; ) {
      const waiter = queue[i]!;
      const at = now();
      const wait = Math.max(...waiter.windows.map((w) => windowWaitMs(w, at)));
      if (wait <= 0) {
        for (const window of waiter.windows) window.stamps.push(at);
        queue.splice(i, 1);
        waiter.resolve(at - waiter.queuedAt);
      } else {
        nextWake = Math.min(nextWake, wait);
        i += 1;
      }
    }
    if (queue.length > 0 && timer === undefined) {
      timer = setTimeout(drain, Math.max(1, Math.ceil(nextWake)));
    }
  }

  return {
    acquire(windows) {
      return new Promise<number>((resolve) => {
        queue.push({ windows, resolve, queuedAt: now() });
        if (timer !== undefined) clearTimeout(timer);
        drain();
      });
    },
    get pending() {
      return queue.length;
    },
  };
}
