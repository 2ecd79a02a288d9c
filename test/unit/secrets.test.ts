import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { ConfigError, ExitCode, SecretsError } from '../../src/errors.js';
import { accountSecretsFromConfig, createAccountSecrets } from '../../src/secrets/account-secrets.js';
import { ENVELOPE_PREFIX } from '../../src/secrets/envelope.js';
import { keyIdOf, parseEncryptionKey } from '../../src/secrets/key.js';

const KEY = randomBytes(32);
const OLD = randomBytes(32);
const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

const decryptError = (pattern: RegExp) => (error: unknown) =>
  error instanceof SecretsError && error.exitCode === ExitCode.config && pattern.test(error.message);

describe('encryption keys', () => {
  it('accepts 32 bytes as base64, url-safe base64 or 64 hex characters, and nothing else', () => {
    assert.deepEqual(parseEncryptionKey(KEY.toString('base64')), KEY);
    assert.deepEqual(parseEncryptionKey(KEY.toString('base64url')), KEY);
    assert.deepEqual(parseEncryptionKey(KEY.toString('hex')), KEY);
    assert.deepEqual(parseEncryptionKey(`${KEY.toString('hex').toUpperCase()}\n`), KEY);
    for (const bad of ['', 'short', randomBytes(16).toString('base64'), randomBytes(33).toString('base64')])
      assert.equal(parseEncryptionKey(bad), undefined, bad);
    assert.match(keyIdOf(KEY), /^[0-9a-f]{8}$/);
  });

  it('a malformed key is a configuration error that never echoes the key', () => {
    const bad = 'not-a-key-but-a-secret-value';
    const attempt = () =>
      loadConfig({ HOSTAWAY_SYNC_ENCRYPTION_KEY: bad, HOSTAWAY_SYNC_PREVIOUS_ENCRYPTION_KEYS: `x${bad}` });
    assert.throws(attempt, (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.exitCode, 78);
      assert.equal(error.problems.length, 2);
      assert.match(error.message, /HOSTAWAY_SYNC_ENCRYPTION_KEY must be 32 random bytes/);
      assert.ok(!error.message.includes(bad));
      return true;
    });
    const config = loadConfig({
      HOSTAWAY_SYNC_ENCRYPTION_KEY: KEY.toString('base64'),
      HOSTAWAY_SYNC_PREVIOUS_ENCRYPTION_KEYS: ` ${OLD.toString('hex')} ,`,
    });
    assert.deepEqual(accountSecretsFromConfig(config.encryption).keyIds, [keyIdOf(KEY), keyIdOf(OLD)]);
  });
});

describe('account secrets', () => {
  const secrets = createAccountSecrets({ key: KEY });

  it('round-trips, self-describes its key id and never contains the plaintext', () => {
    const stored = secrets.seal(10001, 'client_secret', SECRET);
    assert.ok(stored.startsWith(`${ENVELOPE_PREFIX}${keyIdOf(KEY)}:`));
    assert.ok(!stored.includes(SECRET));
    assert.equal(secrets.open(10001, 'client_secret', stored), SECRET);
    assert.deepEqual(secrets.describe(stored), { encrypted: true, keyId: keyIdOf(KEY) });
  });

  it('uses a fresh nonce: two encryptions of one value differ', () => {
    const a = secrets.seal(10001, 'client_secret', SECRET);
    const b = secrets.seal(10001, 'client_secret', SECRET);
    assert.notEqual(a, b);
    assert.notEqual(a.split(':')[3], b.split(':')[3]);
  });

  it('a flipped byte anywhere fails authentication with one clear sentence', () => {
    const stored = secrets.seal(10001, 'client_secret', SECRET);
    const [, , keyId, nonce, ciphertext, tag] = stored.split(':') as string[];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString('base64url');
    };
    for (const tampered of [
      `${ENVELOPE_PREFIX}${keyId}:${flip(nonce!)}:${ciphertext}:${tag}`,
      `${ENVELOPE_PREFIX}${keyId}:${nonce}:${flip(ciphertext!)}:${tag}`,
      `${ENVELOPE_PREFIX}${keyId}:${nonce}:${ciphertext}:${flip(tag!)}`,
    ]) {
      assert.throws(
        () => secrets.open(10001, 'client_secret', tampered),
        decryptError(
          /^stored client secret of account 10001 cannot be decrypted: wrong key or tampered value$/,
        ),
      );
    }
    assert.throws(() => secrets.open(10001, 'client_secret', 'enc:v1:zz'), decryptError(/malformed value/));
  });

  it('binds a value to its account and column (AAD): copied elsewhere it fails', () => {
    const stored = secrets.seal(10001, 'client_secret', SECRET);
    assert.throws(() => secrets.open(10002, 'client_secret', stored), decryptError(/account 10002/));
    assert.throws(() => secrets.open(10001, 'access_token', stored), decryptError(/stored access token/));
  });

  it('an unknown key id names it and the configured ids', () => {
    const stored = createAccountSecrets({ key: OLD }).seal(7, 'access_token', 'token');
    assert.throws(
      () => secrets.open(7, 'access_token', stored),
      decryptError(
        new RegExp(`key ${keyIdOf(OLD)}, which is not configured \\(configured key ids: ${keyIdOf(KEY)}\\)`),
      ),
    );
    assert.throws(
      () => createAccountSecrets().open(7, 'access_token', stored),
      decryptError(/configured key ids: none/),
    );
  });

  it('previous keys decrypt but never encrypt', () => {
    const old = createAccountSecrets({ key: OLD }).seal(7, 'client_secret', SECRET);
    const rotated = createAccountSecrets({ key: KEY, previousKeys: [OLD] });
    assert.equal(rotated.open(7, 'client_secret', old), SECRET);
    assert.deepEqual(rotated.describe(rotated.seal(7, 'client_secret', SECRET)), {
      encrypted: true,
      keyId: keyIdOf(KEY),
    });
    const readOnly = createAccountSecrets({ previousKeys: [OLD] });
    assert.equal(readOnly.open(7, 'client_secret', old), SECRET);
    assert.throws(() => readOnly.seal(7, 'client_secret', SECRET), decryptError(/unencrypted/));
  });

  it('without a key refuses to store, naming the variable and the opt-in flag; plaintext passes through', () => {
    const none = createAccountSecrets();
    assert.throws(
      () => none.seal(5, 'client_secret', SECRET),
      decryptError(/HOSTAWAY_SYNC_ENCRYPTION_KEY.*--allow-plaintext-secrets/),
    );
    assert.equal(createAccountSecrets({ allowPlaintext: true }).seal(5, 'client_secret', SECRET), SECRET);
    assert.equal(none.seal(5, 'client_secret', SECRET, true), SECRET);
    assert.equal(none.open(5, 'client_secret', SECRET), SECRET);
    assert.deepEqual(none.describe(SECRET), { encrypted: false });
  });
});
