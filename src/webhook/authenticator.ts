import type { WebhookAccountAuth } from '../db/webhooks/webhook-accounts-repo.js';
import { credentialFingerprint, parseBasicAuth, safeEqual, type BasicCredentials } from './basic-auth.js';
import { verifyWebhookPassword } from './password-hash.js';

/**
 * ok, or why a delivery is not accepted: unknown/inactive → 200 ignored (only said to a caller whose
 * credentials hold: the global pair, or an inactive account's own); denied/no-credentials → 401.
 */
export type AuthVerdict = 'ok' | 'unknown-account' | 'inactive' | 'denied' | 'no-credentials';

export interface VerifyOptions {
  /** The client is past its failed-login limit: unknown credentials are checked one at a time. */
  throttled?: boolean;
}

export interface Authenticator {
  verify(
    accountId: number,
    authorization: string | string[] | undefined,
    options?: VerifyOptions,
  ): Promise<AuthVerdict>;
}

export interface AuthenticatorOptions {
  loadAccounts: () => Promise<WebhookAccountAuth[]>;
  /** One pair accepted for every account, besides the account's own. */
  globalCredentials?: BasicCredentials | undefined;
  /** How long the account list is trusted (default 15 s): deactivations take effect within this. */
  refreshMs?: number;
  /** Least time between reloads forced by an unknown account or a wrong password (default 2 s). */
  minReloadMs?: number;
  now?: () => number;
  /** Checks a password against a stored hash (default: scrypt, verifyWebhookPassword). */
  verifyPassword?: (password: string, hash: string) => Promise<boolean>;
}

const KNOWN_TTL_MS = 5 * 60_000;

/**
 * A well-formed scrypt hash no password matches (its key is 32 zero bytes): wrong credentials for an
 * account id that does not exist are checked against it, so they cost what they cost for one that does.
 */
const DECOY_HASH = `scrypt$16384$8$1$${'A'.repeat(22)}$${'A'.repeat(43)}`;
const KNOWN_MAX = 1000;

/** The account list in memory: reloaded when older than refreshMs, or on demand at most every minReloadMs. */
function createAccountCache(options: AuthenticatorOptions, now: () => number) {
  const refreshMs = options.refreshMs ?? 15_000;
  const minReloadMs = options.minReloadMs ?? 2_000;
  let accounts: Map<number, WebhookAccountAuth> | null = null;
  let loadedAt = -Infinity;
  let loading: Promise<void> | null = null;

  const reload = () =>
    (loading ??= options
      .loadAccounts()
      .then((list) => {
        accounts = new Map(list.map((a) => [a.accountId, a]));
        loadedAt = now();
      })
      .finally(() => (loading = null)));

  return async (accountId: number, force: boolean): Promise<WebhookAccountAuth | undefined> => {
    const age = now() - loadedAt;
    if (accounts === null || age > refreshMs || (force && age > minReloadMs)) {
      // With a cached list, an outage of the database does not stop authentication.
      await reload().catch((error: unknown) => {
        if (accounts === null) throw error;
      });
    }
    return accounts!.get(accountId);
  };
}

/** Fingerprints remembered for a while, at most KNOWN_MAX of them (oldest dropped first). */
function createKnownSet(now: () => number, slide: boolean) {
  const until = new Map<string, number>();
  return {
    has(key: string): boolean {
      const expires = until.get(key);
      if (expires === undefined) return false;
      until.delete(key);
      if (expires <= now()) return false;
      until.set(key, slide ? now() + KNOWN_TTL_MS : expires);
      return true;
    },
    add(key: string): void {
      if (until.size >= KNOWN_MAX) until.delete(until.keys().next().value!);
      until.set(key, now() + KNOWN_TTL_MS);
    },
  };
}

/** Runs tasks one at a time, in arrival order. */
function createLane() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * scrypt costs ~50 ms, so results are remembered, keyed by a hash of the account, its stored hash and the
 * presented credentials, and shared by concurrent deliveries while computed. Successes and failures are
 * kept apart, so a flood of wrong guesses cannot push an account's valid credentials out; a success stays
 * known while it keeps being used (its five minutes restart on every hit).
 *
 * Throttled clients (see auth-throttle.ts): credentials are still checked, so a valid delivery is never
 * refused for failures someone else made from the same address (behind an ingress every client has that
 * address). A throttled attempt is rejected without scrypt only when that cannot refuse a valid one: its
 * exact credentials already failed against the same stored hash. Credentials never seen before cannot be
 * told apart from a guess without scrypt, so they are hashed, but in one lane, one at a time, for all
 * throttled clients together: a flood past the limit occupies at most one of libuv's threads instead of
 * all of them, and other clients' checks do not wait for it. The price: under such a flood a valid
 * credential this process has not seen yet (after a restart or a rotation) waits its turn in the lane.
 */
function createPasswordCheck(now: () => number, verifyPassword: AuthenticatorOptions['verifyPassword']) {
  const verify = verifyPassword ?? verifyWebhookPassword;
  const good = createKnownSet(now, true);
  const bad = createKnownSet(now, false);
  const running = new Map<string, Promise<boolean>>();
  const lane = createLane();
  return (account: WebhookAccountAuth, given: BasicCredentials, throttled: boolean): Promise<boolean> => {
    const hash = account.webhookPasswordHash!;
    const key = credentialFingerprint(String(account.accountId), hash, given.login, given.password);
    if (good.has(key)) return Promise.resolve(true);
    if (bad.has(key)) return Promise.resolve(false);
    const shared = running.get(key);
    if (shared !== undefined) return shared;
    const check = () => {
      // Both run whatever the login: an unknown login costs the same scrypt as a known one.
      const loginOk = safeEqual(given.login, account.webhookLogin!);
      return verify(given.password, hash).then((match) => match && loginOk);
    };
    const ok = (throttled ? lane(check) : check())
      .then((result) => {
        (result ? good : bad).add(key);
        return result;
      })
      .finally(() => running.delete(key));
    running.set(key, ok);
    return ok;
  };
}

function matchesGlobal(global: BasicCredentials | undefined, given: BasicCredentials | null): boolean {
  if (!global || !given) return false;
  // Both comparisons always run (no short-circuit on the login).
  const login = safeEqual(given.login, global.login);
  const password = safeEqual(given.password, global.password);
  return login && password;
}

/**
 * Basic auth per account, in constant time. Accounts are cached in memory (one query per refresh, not per
 * request). A failed check reloads the accounts once (throttled), so a password rotated a moment ago by
 * `webhook register` is picked up.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const now = options.now ?? Date.now;
  const lookup = createAccountCache(options, now);
  const passwordMatches = createPasswordCheck(now, options.verifyPassword);

  async function check(
    accountId: number,
    given: BasicCredentials | null,
    force: boolean,
    throttled: boolean,
  ) {
    const account = await lookup(accountId, force);
    const global = matchesGlobal(options.globalCredentials, given);
    if (account === undefined) {
      if (global) return 'unknown-account';
      // The same answer and the same work as wrong credentials for an existing account: no enumeration.
      const decoy = { accountId, isActive: true, webhookLogin: '', webhookPasswordHash: DECOY_HASH };
      if (given !== null) await passwordMatches(decoy, given, throttled);
      return 'denied';
    }
    if (!account.isActive) {
      const own = account.webhookLogin !== null && account.webhookPasswordHash !== null && given !== null;
      return global || (own && (await passwordMatches(account, given, throttled))) ? 'inactive' : 'denied';
    }
    if (global) return 'ok';
    if (account.webhookLogin === null || account.webhookPasswordHash === null)
      return options.globalCredentials ? 'denied' : 'no-credentials';
    if (given === null) return 'denied';
    return (await passwordMatches(account, given, throttled)) ? 'ok' : 'denied';
  }

  return {
    async verify(accountId, authorization, verifyOptions = {}) {
      const given = parseBasicAuth(authorization);
      const throttled = verifyOptions.throttled ?? false;
      const verdict: AuthVerdict = await check(accountId, given, false, throttled);
      if (verdict === 'ok' || verdict === 'inactive' || (verdict === 'denied' && given === null))
        return verdict;
      return check(accountId, given, true, throttled);
    },
  };
}
