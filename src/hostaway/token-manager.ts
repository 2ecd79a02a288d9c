/**
 * Access tokens per account: reuse a stored token until shortly before it expires (Hostaway asks clients
 * not to mint per request), mint with single flight (concurrent requests share one mint), and wait the
 * documented activation delay after minting before the token is used.
 */
export interface StoredToken {
  accessToken: string;
  expiresAt: Date;
}

/** Persistence for tokens, supplied by the caller (the sync layer stores them in the database). */
export interface TokenStore {
  load(accountId: number): Promise<StoredToken | null>;
  save(accountId: number, token: StoredToken): Promise<void>;
}

export interface TokenManagerOptions {
  mint: () => Promise<StoredToken>;
  store?: TokenStore;
  accountId: number;
  activationMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface TokenManager {
  get(): Promise<string>;
  /** Forget `token` (it was rejected); the next `get` mints, unless another caller already did. */
  invalidate(token: string): void;
  readonly mintCount: number;
}

// Treat a token as expired a day early so a long sync never starts with one about to lapse.
const EXPIRY_MARGIN_MS = 24 * 60 * 60 * 1000;

export function createTokenManager(options: TokenManagerOptions): TokenManager {
  let current: StoredToken | null = null;
  let loaded = false;
  let inflight: Promise<StoredToken> | null = null;
  let mintCount = 0;

  const usable = (token: StoredToken | null): token is StoredToken =>
    token !== null && token.expiresAt.getTime() - EXPIRY_MARGIN_MS > options.now();

  async function mintFresh(): Promise<StoredToken> {
    const token = await options.mint();
    mintCount += 1;
    if (options.store) await options.store.save(options.accountId, token);
    if (options.activationMs > 0) await options.sleep(options.activationMs);
    return token;
  }

  async function obtain(): Promise<StoredToken> {
    if (!loaded && options.store) {
      loaded = true;
      const stored = await options.store.load(options.accountId);
      if (usable(stored)) return stored;
    }
    loaded = true;
    return mintFresh();
  }

  return {
    async get() {
      if (usable(current)) return current.accessToken;
      inflight ??= obtain().finally(() => {
        inflight = null;
      });
      current = await inflight;
      return current.accessToken;
    },
    invalidate(token) {
      if (current?.accessToken === token) current = null;
    },
    get mintCount() {
      return mintCount;
    },
  };
}
