import type { WebhookAccountAuth } from '../db/webhook-accounts-repo.js';
import { credentialFingerprint, parseBasicAuth, safeEqual, type BasicCredentials } from './basic-auth.js';
import { verifyWebhookPassword } from './password-hash.js';

/** ok, or why a delivery is not accepted: unknown/inactive → 200 ignored; denied/no-credentials → 401. */
export type AuthVerdict = 'ok' | 'unknown-account' | 'inactive' | 'denied' | 'no-credentials';

export interface Authenticator {
  verify(accountId: number, authorization: string | string[] | undefined): Promise<AuthVerdict>;
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
}

const VERIFIED_TTL_MS = 5 * 60_000;
const VERIFIED_MAX = 1000;

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

/**
 * scrypt costs ~50 ms: a result is remembered for a few minutes, keyed by a hash of the stored hash and
 * the presented credentials, and shared by concurrent deliveries while it is computed.
 */
function createPasswordCheck(now: () => number) {
  const verified = new Map<string, { ok: Promise<boolean>; until: number }>();
  return (account: WebhookAccountAuth, given: BasicCredentials): Promise<boolean> => {
    const hash = account.webhookPasswordHash!;
    const key = credentialFingerprint(String(account.accountId), hash, given.login, given.password);
    const hit = verified.get(key);
    if (hit !== undefined && hit.until > now()) return hit.ok;
    const loginOk = safeEqual(given.login, account.webhookLogin!);
    const ok = verifyWebhookPassword(given.password, hash).then((match) => match && loginOk);
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    verified.set(key, { ok, until: now() + VERIFIED_TTL_MS });
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
  const passwordMatches = createPasswordCheck(now);

  async function check(accountId: number, given: BasicCredentials | null, force: boolean) {
    const account = await lookup(accountId, force);
    if (account === undefined) return 'unknown-account';
    if (!account.isActive) return 'inactive';
    if (matchesGlobal(options.globalCredentials, given)) return 'ok';
    if (account.webhookLogin === null || account.webhookPasswordHash === null)
      return options.globalCredentials ? 'denied' : 'no-credentials';
    if (given === null) return 'denied';
    return (await passwordMatches(account, given)) ? 'ok' : 'denied';
  }

  return {
    async verify(accountId, authorization) {
      const given = parseBasicAuth(authorization);
      const verdict: AuthVerdict = await check(accountId, given, false);
      if (verdict === 'ok' || verdict === 'inactive' || (verdict === 'denied' && given === null))
        return verdict;
      return check(accountId, given, true);
    },
  };
}
