import { getAccount, loadAccessToken, saveAccessToken } from '../db/accounts/accounts-repo.js';
import type { Database } from '../db/database.js';
import { describeError } from '../errors.js';
import type { TokenStore } from '../hostaway/token-manager.js';
import type { Logger } from '../logger.js';
import { createAccountSecrets, type AccountSecrets } from '../secrets/account-secrets.js';

export interface TokenStoreOptions {
  /** Default: no keys (plaintext rows only). */
  secrets?: AccountSecrets;
  logger?: Logger;
  /** The stored token as read moments ago with the account row: the first load uses it, not a new read. */
  known?: { accessToken: string | null; accessTokenExpiresAt: Date | null };
}

/**
 * Tokens live 24 months: keep them in the accounts table so every run and pod reuses them.
 * With an encryption key they are always stored encrypted. Without one, a token is cached (in plaintext)
 * only when the account's client secret is itself stored in plaintext — the user's explicit opt-in;
 * otherwise it is kept in memory for this process only.
 */
export function createDatabaseTokenStore(db: Database, options: TokenStoreOptions = {}): TokenStore {
  const secrets = options.secrets ?? createAccountSecrets();
  let known = options.known;
  const readStored = async (accountId: number) => {
    if (known === undefined) return loadAccessToken(db, accountId);
    const { accessToken, accessTokenExpiresAt: expiresAt } = known;
    known = undefined;
    return accessToken === null || expiresAt === null ? null : { accessToken, expiresAt };
  };
  return {
    async load(accountId) {
      const stored = await readStored(accountId);
      if (stored === null) return null;
      try {
        return { ...stored, accessToken: secrets.open(accountId, 'access_token', stored.accessToken) };
      } catch (error) {
        // Only a cache: mint a new token rather than fail the run.
        options.logger?.warn({ accountId, err: describeError(error) }, 'cached access token ignored');
        return null;
      }
    },
    async save(accountId, token) {
      let stored: string;
      if (secrets.currentKeyId !== undefined)
        stored = secrets.seal(accountId, 'access_token', token.accessToken);
      else {
        const account = await getAccount(db, accountId);
        if (account === null || secrets.describe(account.clientSecret).encrypted) {
          options.logger?.warn(
            { accountId },
            'access token not cached: HOSTAWAY_SYNC_ENCRYPTION_KEY is not set and the client secret is encrypted',
          );
          return;
        }
        stored = secrets.seal(accountId, 'access_token', token.accessToken, true);
      }
      await saveAccessToken(db, accountId, stored, token.expiresAt);
    },
  };
}
