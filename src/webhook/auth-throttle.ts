/**
 * Failed Basic-auth attempts per client: after `maxFailures` failures for one account within `windowMs`
 * of the first one (or ten times that across accounts), the client's further failures are answered 429
 * with Retry-After until the window ends, so a guesser is told to go away. Only failures are counted and
 * only failures are refused: credentials are always checked first and valid ones are accepted whatever
 * the count, because the client is an address and behind an ingress (or from Hostaway's own senders)
 * many parties share one; otherwise anyone could shut out an account's real deliveries by failing on
 * purpose. What keeps a throttled client from spending scrypt time at will is in authenticator.ts (known
 * results are answered without hashing; new credentials of throttled clients are hashed one at a time).
 * Counting per account too means one tenant whose password is out of sync does not get the other tenants'
 * failures answered 429. A success does not clear the count (a tenant with valid credentials of its own
 * must not be able to reset its guesses at another account's password).
 */
export interface AuthThrottleOptions {
  /** Failures allowed per client, account and window (0 turns the throttle off). */
  maxFailures: number;
  windowMs: number;
  /** Clients tracked at most; past it the oldest window is dropped first (default 10,000). */
  maxClients?: number;
  now?: () => number;
}

export interface AuthThrottle {
  /** Milliseconds during which the client's failed attempts for the account are answered 429; 0: 401. */
  blockedForMs(client: string, accountId: number): number;
  recordFailure(client: string, accountId: number): void;
  /** Windows tracked right now (bounded by 2 × maxClients). */
  readonly size: number;
}

/** Failures a client may collect across all accounts: this many times `maxFailures`. */
export const CLIENT_FAILURES_FACTOR = 10;
export const DEFAULT_MAX_TRACKED_CLIENTS = 10_000;

interface Window {
  startedAt: number;
  failures: number;
}

/** Failure windows per key, at most `maxKeys` of them (oldest dropped first). */
function createWindows(limit: number, windowMs: number, maxKeys: number) {
  // Insertion order = window start order: the first entries are always the oldest windows.
  const windows = new Map<string, Window>();
  const live = (key: string, at: number): Window | undefined => {
    const window = windows.get(key);
    if (window === undefined || at - window.startedAt < windowMs) return window;
    windows.delete(key);
    return undefined;
  };
  return {
    windows,
    blockedForMs(key: string, at: number): number {
      const window = live(key, at);
      if (window === undefined || window.failures < limit) return 0;
      return Math.max(1, window.startedAt + windowMs - at);
    },
    record(key: string, at: number): void {
      const window = live(key, at);
      if (window !== undefined) {
        window.failures += 1;
        return;
      }
      for (const [old, w] of windows) {
        if (windows.size < maxKeys && at - w.startedAt < windowMs) break;
        windows.delete(old);
      }
      windows.set(key, { startedAt: at, failures: 1 });
    },
  };
}

export function createAuthThrottle(options: AuthThrottleOptions): AuthThrottle {
  const now = options.now ?? Date.now;
  const { maxFailures, windowMs } = options;
  const maxKeys = Math.max(1, options.maxClients ?? DEFAULT_MAX_TRACKED_CLIENTS);
  const perAccount = createWindows(maxFailures, windowMs, maxKeys);
  const perClient = createWindows(maxFailures * CLIENT_FAILURES_FACTOR, windowMs, maxKeys);
  const accountKey = (client: string, accountId: number) => `${client}#${accountId}`;
  return {
    blockedForMs(client, accountId) {
      if (maxFailures <= 0) return 0;
      const at = now();
      return Math.max(
        perClient.blockedForMs(client, at),
        perAccount.blockedForMs(accountKey(client, accountId), at),
      );
    },
    recordFailure(client, accountId) {
      if (maxFailures <= 0) return;
      const at = now();
      perClient.record(client, at);
      perAccount.record(accountKey(client, accountId), at);
    },
    get size() {
      return perClient.windows.size + perAccount.windows.size;
    },
  };
}

/**
 * The client a request is throttled as: the socket's remote address, or with `trustProxy` the address the
 * nearest proxy appended to X-Forwarded-For (its last entry; earlier entries are the client's own claims).
 */
export function clientAddressOf(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy && forwardedFor !== undefined) {
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
    const last = header.split(',').at(-1)?.trim().slice(0, 100);
    if (last) return last;
  }
  return remoteAddress ?? 'unknown';
}
