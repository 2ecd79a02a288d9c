import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { run as runAccountsAdd } from '../../src/cli/commands/accounts-add.js';
import { insertAccount, listStoredSecrets, saveAccessToken } from '../../src/db/accounts/accounts-repo.js';
import { ExitCode, SecretsError } from '../../src/errors.js';
import { createSilentLogger } from '../../src/logger.js';
import { createAccountSecrets } from '../../src/secrets/account-secrets.js';
import { keyIdOf } from '../../src/secrets/key.js';
import { rotateAccountSecrets } from '../../src/secrets/rotate-keys.js';
import type { Simulator } from '../../src/simulator/index.js';
import { getStatusReport } from '../../src/sync/status.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { createTestIo, createTestRuntime } from '../helpers/runtime.js';
import { createTestEngine } from '../helpers/sync.js';

const KEY = randomBytes(32);
const OLD = randomBytes(32);
const current = createAccountSecrets({ key: KEY, previousKeys: [OLD] });
const old = createAccountSecrets({ key: OLD });
const EXPIRES = new Date('2030-01-01T00:00:00Z');

const isSecretsError = (pattern: RegExp) => (error: unknown) =>
  error instanceof SecretsError && error.exitCode === ExitCode.config && pattern.test(error.message);

describe('secrets at rest', () => {
  let sim: Simulator;
  let t: TestDatabase;
  const stored = () => listStoredSecrets(t.db);

  before(async () => {
    sim = await startSimulator({ seed: 8, accounts: 2, listings: 1, reservations: 3 });
    t = await createTestDatabase();
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.query('DELETE FROM hostaway.accounts');
  });

  /** Account 1: plaintext secret and token; 2: both under the old key; 3: secret under the current key. */
  async function mixedAccounts() {
    await insertAccount(t.db, { accountId: 1, customerId: randomUUID(), clientSecret: 'plain-1' });
    await saveAccessToken(t.db, 1, 'token-1', EXPIRES);
    const secret2 = old.seal(2, 'client_secret', 'secret-2');
    await insertAccount(t.db, { accountId: 2, customerId: randomUUID(), clientSecret: secret2 });
    await saveAccessToken(t.db, 2, old.seal(2, 'access_token', 'token-2'), EXPIRES);
    const secret3 = current.seal(3, 'client_secret', 'secret-3');
    await insertAccount(t.db, { accountId: 3, customerId: randomUUID(), clientSecret: secret3 });
    return { secret3 };
  }

  it('rotate-key puts plaintext and old-key values under the current key; a second run changes nothing', async () => {
    const { secret3 } = await mixedAccounts();
    const first = await rotateAccountSecrets(t.db, current);
    assert.deepEqual(first, {
      currentKeyId: keyIdOf(KEY),
      accounts: 3,
      clientSecrets: { encrypted: 1, reencrypted: 1, unchanged: 1 },
      accessTokens: { encrypted: 1, reencrypted: 1, unchanged: 0 },
    });
    const rows = await stored();
    for (const row of rows) {
      for (const value of [row.clientSecret, row.accessToken].filter((v) => v !== null))
        assert.ok(value!.startsWith(`enc:v1:${keyIdOf(KEY)}:`), value!);
    }
    const plain = rows.map((r) => [
      current.open(r.accountId, 'client_secret', r.clientSecret),
      r.accessToken && current.open(r.accountId, 'access_token', r.accessToken),
    ]);
    assert.deepEqual(plain, [
      ['plain-1', 'token-1'],
      ['secret-2', 'token-2'],
      ['secret-3', null],
    ]);
    assert.equal(rows[2]!.clientSecret, secret3, 'a value already under the current key is untouched');

    const second = await rotateAccountSecrets(t.db, current);
    assert.deepEqual(second.clientSecrets, { encrypted: 0, reencrypted: 0, unchanged: 3 });
    assert.deepEqual(second.accessTokens, { encrypted: 0, reencrypted: 0, unchanged: 2 });
    assert.deepEqual(await stored(), rows, 'the second run wrote nothing');
  });

  it('rotate-key aborts with nothing written when one value cannot be read', async () => {
    await mixedAccounts();
    const foreign = createAccountSecrets({ key: randomBytes(32) }).seal(4, 'client_secret', 'secret-4');
    await insertAccount(t.db, { accountId: 4, customerId: randomUUID(), clientSecret: foreign });
    const before = await stored();
    await assert.rejects(rotateAccountSecrets(t.db, current), isSecretsError(/account 4.*not configured/));
    assert.deepEqual(await stored(), before);
    const tampered = current
      .seal(4, 'client_secret', 'x')
      .replace(/:([A-Za-z0-9_-])([^:]*)$/, (_m, c, rest) => `:${c === 'A' ? 'B' : 'A'}${rest}`);
    await t.db.query('UPDATE hostaway.accounts SET client_secret = $1 WHERE account_id = 4', [tampered]);
    const before2 = await stored();
    await assert.rejects(rotateAccountSecrets(t.db, current), isSecretsError(/wrong key or tampered value/));
    assert.deepEqual(await stored(), before2);
    await assert.rejects(
      rotateAccountSecrets(t.db, createAccountSecrets()),
      isSecretsError(/needs HOSTAWAY_SYNC_ENCRYPTION_KEY/),
    );
  });

  it('status warns about plaintext values and pending rotation without changing health', async () => {
    await mixedAccounts();
    const report = await getStatusReport(t.db, { secrets: current });
    const plainReport = await getStatusReport(t.db);
    assert.equal(report.healthy, plainReport.healthy);
    assert.deepEqual(report.secrets.plaintextAccounts, [1]);
    assert.deepEqual(report.secrets.rotationPending, [{ accountId: 2, keyIds: [keyIdOf(OLD)] }]);
    assert.equal(report.secrets.warnings.length, 2);
    assert.match(
      report.secrets.warnings[0]!,
      /plaintext for account\(s\) 1: run hostaway-sync accounts rotate-key/,
    );
    assert.match(
      report.secrets.warnings[1]!,
      new RegExp(`account\\(s\\) 2 still use key\\(s\\) ${keyIdOf(OLD)}`),
    );
    assert.deepEqual(
      (await getStatusReport(t.db, { secrets: current, accountIds: [3] })).secrets.warnings,
      [],
    );
    await rotateAccountSecrets(t.db, current);
    assert.deepEqual((await getStatusReport(t.db, { secrets: current })).secrets.warnings, []);
  });

  it('accounts add refuses a secret without a key (exit 78) unless --allow-plaintext-secrets', async () => {
    const { accountId, clientSecret } = sim.accounts[0]!;
    const env = { HOSTAWAY_API_BASE_URL: sim.baseUrl, HOSTAWAY_SYNC_ENCRYPTION_KEY: '' };
    const options = { accountId, customerId: randomUUID(), clientSecretStdin: true as const, verify: true };
    const io = createTestIo({ env, stdin: clientSecret });
    const runtime = createTestRuntime(t.db, io);
    await assert.rejects(
      runAccountsAdd(runtime, options),
      isSecretsError(/HOSTAWAY_SYNC_ENCRYPTION_KEY or pass --allow-plaintext-secrets/),
    );
    assert.deepEqual(await stored(), []);
    assert.equal(await runAccountsAdd(runtime, { ...options, allowPlaintextSecrets: true }), 0);
    const [row] = await stored();
    assert.equal(row!.clientSecret, clientSecret, 'stored in plaintext by explicit opt-in');
    assert.ok(row!.accessToken && !row!.accessToken.startsWith('enc:'), 'its token follows it');
    await runtime.close();
  });

  it('accounts add with a key stores the secret and the verified token encrypted', async () => {
    const { accountId, clientSecret } = sim.accounts[0]!;
    const env = { HOSTAWAY_API_BASE_URL: sim.baseUrl, HOSTAWAY_SYNC_ENCRYPTION_KEY: KEY.toString('base64') };
    const runtime = createTestRuntime(t.db, createTestIo({ env, stdin: clientSecret }));
    const options = { accountId, customerId: randomUUID(), clientSecretStdin: true as const, verify: true };
    assert.equal(await runAccountsAdd(runtime, options), 0);
    await runtime.close();
    const [row] = await stored();
    assert.ok(
      row!.clientSecret.startsWith(`enc:v1:${keyIdOf(KEY)}:`) && !row!.clientSecret.includes(clientSecret),
    );
    assert.ok(row!.accessToken!.startsWith(`enc:v1:${keyIdOf(KEY)}:`));
    assert.equal(current.open(accountId, 'client_secret', row!.clientSecret), clientSecret);
  });

  it('the sync decrypts the secret, re-mints an unreadable cached token, and stores tokens encrypted', async () => {
    const { accountId, clientSecret } = sim.accounts[1]!;
    const secret = current.seal(accountId, 'client_secret', clientSecret);
    await insertAccount(t.db, { accountId, customerId: randomUUID(), clientSecret: secret });
    await saveAccessToken(t.db, accountId, current.seal(999, 'access_token', 'copied'), EXPIRES);
    const client = createTestClient(sim.baseUrl);
    try {
      const result = await createTestEngine(t.db, client, { secrets: current }).runFull(accountId);
      assert.equal(result.status, 'succeeded', JSON.stringify(result.error));
      const [row] = await stored();
      const token = current.open(accountId, 'access_token', row!.accessToken!);
      assert.notEqual(token, 'copied');
      assert.ok(row!.accessToken!.startsWith(`enc:v1:${keyIdOf(KEY)}:`));

      const unknown = createTestEngine(t.db, client, { secrets: createAccountSecrets({ key: OLD }) });
      await assert.rejects(unknown.runFull(accountId), isSecretsError(/not configured/));
      const [failed] = await unknown.runMany([accountId], 'full');
      assert.equal(failed!.error?.exitCode, ExitCode.config);

      // Only a previous key: the secret is readable, but a new token is never cached in plaintext.
      await saveAccessToken(
        t.db,
        accountId,
        'enc:v1:00000000:AAAAAAAAAAAAAAAA:AA:AAAAAAAAAAAAAAAAAAAAAA',
        EXPIRES,
      );
      const readOnly = createAccountSecrets({ previousKeys: [KEY] });
      const logger = createSilentLogger();
      const again = await createTestEngine(t.db, client, { secrets: readOnly, logger }).runFull(accountId);
      assert.equal(again.status, 'succeeded');
      const [after] = await stored();
      assert.ok(after!.accessToken!.startsWith('enc:v1:00000000:'), 'the plaintext token was not written');
    } finally {
      client.close();
    }
  });
});
