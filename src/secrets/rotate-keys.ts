import { listStoredSecrets, replaceStoredSecrets } from '../db/accounts/accounts-repo.js';
import type { Database } from '../db/database.js';
import { HostawaySyncError, SecretsError } from '../errors.js';
import type { AccountSecrets, SecretColumn } from './account-secrets.js';

export interface ColumnCounts {
  /** Plaintext values now encrypted. */
  encrypted: number;
  /** Values under a previous key now under the current one. */
  reencrypted: number;
  /** Already under the current key: left alone. */
  unchanged: number;
}

export interface RotationResult {
  currentKeyId: string;
  accounts: number;
  clientSecrets: ColumnCounts;
  accessTokens: ColumnCounts;
}

type Plan = { stored: string; change: keyof ColumnCounts };

/**
 * Re-encrypts every stored client secret and access token under the current key, in one transaction:
 * every value is read (current or previous keys, or plaintext) and its new form verified before anything
 * is written, so one unreadable value aborts the whole rotation with nothing changed.
 */
export async function rotateAccountSecrets(db: Database, secrets: AccountSecrets): Promise<RotationResult> {
  const currentKeyId = secrets.currentKeyId;
  if (currentKeyId === undefined)
    throw new SecretsError(
      'accounts rotate-key needs HOSTAWAY_SYNC_ENCRYPTION_KEY, the key to encrypt with',
      {
        hint: 'set it (openssl rand -base64 32) and list the old keys in HOSTAWAY_SYNC_PREVIOUS_ENCRYPTION_KEYS',
      },
    );
  return db.transaction(async (tx) => {
    const rows = await listStoredSecrets(tx, { forUpdate: true });
    const result: RotationResult = {
      currentKeyId,
      accounts: rows.length,
      clientSecrets: { encrypted: 0, reencrypted: 0, unchanged: 0 },
      accessTokens: { encrypted: 0, reencrypted: 0, unchanged: 0 },
    };
    const plans = rows.map((row) => {
      const secret = planValue(secrets, row.accountId, 'client_secret', row.clientSecret);
      const token =
        row.accessToken === null ? null : planValue(secrets, row.accountId, 'access_token', row.accessToken);
      result.clientSecrets[secret.change] += 1;
      if (token) result.accessTokens[token.change] += 1;
      return { row, secret, token };
    });
    for (const { row, secret, token } of plans) {
      if (secret.change === 'unchanged' && (token === null || token.change === 'unchanged')) continue;
      await replaceStoredSecrets(tx, row.accountId, {
        clientSecret: secret.stored,
        accessToken: token?.stored ?? null,
      });
    }
    return result;
  });
}

function planValue(secrets: AccountSecrets, accountId: number, column: SecretColumn, stored: string): Plan {
  const form = secrets.describe(stored);
  if (form.encrypted && form.keyId === secrets.currentKeyId) {
    secrets.open(accountId, column, stored); // still verified: a tampered value must abort the rotation
    return { stored, change: 'unchanged' };
  }
  const plaintext = secrets.open(accountId, column, stored);
  const sealed = secrets.seal(accountId, column, plaintext);
  if (secrets.open(accountId, column, sealed) !== plaintext)
    throw new HostawaySyncError(`re-encrypting the ${column} of account ${accountId} did not round-trip`);
  return { stored: sealed, change: form.encrypted ? 'reencrypted' : 'encrypted' };
}
