import { SecretsError } from '../errors.js';
import { isEnvelope, openValue, parseEnvelope, sealValue } from './envelope.js';
import { keyIdOf, parseEncryptionKey } from './key.js';

/** The two secret columns of hostaway.accounts. */
export type SecretColumn = 'client_secret' | 'access_token';

const LABEL: Record<SecretColumn, string> = { client_secret: 'client secret', access_token: 'access token' };

export type StoredForm = { encrypted: false } | { encrypted: true; keyId: string };

/**
 * Encrypts and decrypts the secrets of hostaway.accounts: the layer between the key-agnostic repositories
 * and their readers (sync engine, token store, webhook re-fetches, CLI commands).
 */
export interface AccountSecrets {
  /** Id of the key new values are encrypted with; undefined without HOSTAWAY_SYNC_ENCRYPTION_KEY. */
  readonly currentKeyId: string | undefined;
  /** Every key id that can decrypt, the current one first. */
  readonly keyIds: readonly string[];
  /** The value to store: encrypted under the current key; without one, plaintext when `allowPlaintext`. */
  seal(accountId: number, column: SecretColumn, plaintext: string, allowPlaintext?: boolean): string;
  /** The plaintext of a stored value (plaintext rows pass through); a `SecretsError` when unreadable. */
  open(accountId: number, column: SecretColumn, stored: string): string;
  describe(stored: string): StoredForm;
}

export interface AccountSecretsOptions {
  key?: Buffer | undefined;
  previousKeys?: readonly Buffer[];
  /** Default of `seal`'s `allowPlaintext`: the user's explicit --allow-plaintext-secrets. */
  allowPlaintext?: boolean;
}

/** From the validated configuration texts (see src/config.ts). */
export function accountSecretsFromConfig(
  encryption: { key: string | undefined; previousKeys: readonly string[] },
  allowPlaintext = false,
): AccountSecrets {
  const parse = (text: string) => parseEncryptionKey(text)!;
  return createAccountSecrets({
    key: encryption.key === undefined ? undefined : parse(encryption.key),
    previousKeys: encryption.previousKeys.map(parse),
    allowPlaintext,
  });
}

// Binds a value to its account and column: copied elsewhere it fails authentication.
const contextOf = (accountId: number, column: SecretColumn) => `account:${accountId}:${column}`;

export function createAccountSecrets(options: AccountSecretsOptions = {}): AccountSecrets {
  const currentKeyId = options.key ? keyIdOf(options.key) : undefined;
  // The current key first; a previous key equal to it (or to another) is listed once.
  const keys = new Map<string, Buffer>();
  for (const key of [...(options.key ? [options.key] : []), ...(options.previousKeys ?? [])]) {
    const id = keyIdOf(key);
    if (!keys.has(id)) keys.set(id, key);
  }
  const keyIds = [...keys.keys()];

  return {
    currentKeyId,
    keyIds,
    seal(accountId, column, plaintext, allowPlaintext = options.allowPlaintext ?? false) {
      if (currentKeyId !== undefined)
        return sealValue(keys.get(currentKeyId)!, currentKeyId, plaintext, contextOf(accountId, column));
      if (!allowPlaintext)
        throw new SecretsError(
          `refusing to store the ${LABEL[column]} of account ${accountId} unencrypted: set HOSTAWAY_SYNC_ENCRYPTION_KEY or pass --allow-plaintext-secrets`,
          { hint: 'create a key with: openssl rand -base64 32 (see README "Secrets")' },
        );
      if (isEnvelope(plaintext))
        throw new SecretsError(`the ${LABEL[column]} of account ${accountId} must not start with "enc:"`);
      return plaintext;
    },
    open(accountId, column, stored) {
      if (!isEnvelope(stored)) return stored;
      const what = `stored ${LABEL[column]} of account ${accountId}`;
      const envelope = parseEnvelope(stored);
      if (envelope === undefined)
        throw new SecretsError(`${what} cannot be decrypted: malformed value`, { hint: REPLACE_HINT });
      const key = keys.get(envelope.keyId);
      if (key === undefined) {
        const configured = keyIds.length > 0 ? keyIds.join(', ') : 'none';
        throw new SecretsError(
          `${what} is encrypted with key ${envelope.keyId}, which is not configured (configured key ids: ${configured})`,
          {
            hint: 'set that key as HOSTAWAY_SYNC_ENCRYPTION_KEY or add it to HOSTAWAY_SYNC_PREVIOUS_ENCRYPTION_KEYS',
          },
        );
      }
      const plaintext = openValue(key, envelope, contextOf(accountId, column));
      if (plaintext === undefined)
        throw new SecretsError(`${what} cannot be decrypted: wrong key or tampered value`, {
          hint: REPLACE_HINT,
        });
      return plaintext;
    },
    describe(stored) {
      if (!isEnvelope(stored)) return { encrypted: false };
      return { encrypted: true, keyId: parseEnvelope(stored)?.keyId ?? 'malformed' };
    },
  };
}

const REPLACE_HINT =
  'check the configured keys, or store the secret again with hostaway-sync accounts update';
