import { loadAccessToken, saveAccessToken } from '../db/accounts-repo.js';
import type { Database } from '../db/database.js';
import type { TokenStore } from '../hostaway/token-manager.js';

/** Tokens live 24 months: keep them in the accounts table so every run and pod reuses them. */
export function createDatabaseTokenStore(db: Database): TokenStore {
  return {
    load: (accountId) => loadAccessToken(db, accountId),
    save: (accountId, token) => saveAccessToken(db, accountId, token.accessToken, token.expiresAt),
  };
}
