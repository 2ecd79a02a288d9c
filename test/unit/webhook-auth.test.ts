import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebhookAccountAuth } from '../../src/db/webhook-accounts-repo.js';
import { createAuthenticator } from '../../src/webhook/authenticator.js';
import { parseBasicAuth, safeEqual } from '../../src/webhook/basic-auth.js';
import { hashWebhookPassword, verifyWebhookPassword } from '../../src/webhook/password-hash.js';

const basic = (login: string, password: string) =>
  `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;

describe('webhook credentials', () => {
  it('parses Basic headers and nothing else', () => {
    assert.deepEqual(parseBasicAuth(basic('a', 'p:w')), { login: 'a', password: 'p:w' });
    assert.deepEqual(parseBasicAuth([basic('a', 'b')]), { login: 'a', password: 'b' });
    assert.equal(parseBasicAuth(undefined), null);
    assert.equal(parseBasicAuth('Bearer abc'), null);
    assert.equal(parseBasicAuth(`Basic ${Buffer.from('nocolon').toString('base64')}`), null);
    assert.equal(parseBasicAuth(`Basic ${Buffer.from(':pw').toString('base64')}`), null);
  });

  it('compares strings of any length in constant time', () => {
    assert.equal(safeEqual('secret', 'secret'), true);
    assert.equal(safeEqual('secret', 'secreT'), false);
    assert.equal(safeEqual('', 'a-much-longer-expected-value'), false);
  });

  it('hashes with scrypt, salted, and verifies', async () => {
    const hash = await hashWebhookPassword('correct horse');
    assert.match(hash, /^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    assert.notEqual(hash, await hashWebhookPassword('correct horse'));
    assert.equal(await verifyWebhookPassword('correct horse', hash), true);
    assert.equal(await verifyWebhookPassword('correct horsE', hash), false);
    assert.equal(await verifyWebhookPassword('x', 'plain-text'), false);
    assert.equal(await verifyWebhookPassword('x', 'scrypt$0$8$1$AAAA$BBBB'), false);
  });
});

describe('createAuthenticator', () => {
  const account = (accountId: number, extra: Partial<WebhookAccountAuth> = {}): WebhookAccountAuth => ({
    accountId,
    isActive: true,
    webhookLogin: null,
    webhookPasswordHash: null,
    ...extra,
  });

  it('decides per account, accepting the global pair for every active account', async () => {
    const list = [
      account(1, { webhookLogin: 'one', webhookPasswordHash: await hashWebhookPassword('pw1') }),
      account(2),
      account(3, { isActive: false }),
    ];
    const auth = createAuthenticator({
      loadAccounts: async () => list,
      globalCredentials: { login: 'g', password: 'gpw' },
    });
    assert.equal(await auth.verify(1, basic('one', 'pw1')), 'ok');
    assert.equal(await auth.verify(1, basic('one', 'pw2')), 'denied');
    assert.equal(await auth.verify(1, basic('two', 'pw1')), 'denied');
    assert.equal(await auth.verify(1, undefined), 'denied');
    assert.equal(await auth.verify(1, basic('g', 'gpw')), 'ok');
    assert.equal(await auth.verify(2, basic('g', 'gpw')), 'ok');
    assert.equal(await auth.verify(2, basic('one', 'pw1')), 'denied');
    assert.equal(await auth.verify(3, basic('g', 'gpw')), 'inactive');
    assert.equal(await auth.verify(4, basic('g', 'gpw')), 'unknown-account');
  });

  it('refuses an account without credentials when there is no global pair', async () => {
    const auth = createAuthenticator({ loadAccounts: async () => [account(2)] });
    assert.equal(await auth.verify(2, basic('any', 'thing')), 'no-credentials');
  });

  it('caches the account list, and reloads (throttled) on a miss or a wrong password', async () => {
    let clock = 0;
    let loads = 0;
    let list = [account(1, { webhookLogin: 'one', webhookPasswordHash: await hashWebhookPassword('old') })];
    const auth = createAuthenticator({
      loadAccounts: async () => ((loads += 1), list),
      now: () => clock,
      refreshMs: 60_000,
      minReloadMs: 1_000,
    });
    assert.equal(await auth.verify(1, basic('one', 'old')), 'ok');
    assert.equal(await auth.verify(1, basic('one', 'old')), 'ok');
    assert.equal(loads, 1);
    list = [account(1, { webhookLogin: 'one', webhookPasswordHash: await hashWebhookPassword('new') })];
    assert.equal(
      await auth.verify(1, basic('one', 'new')),
      'denied',
      'within minReloadMs the old hash stays',
    );
    clock = 1_500;
    assert.equal(await auth.verify(1, basic('one', 'new')), 'ok', 'a rotated password is picked up');
    assert.equal(loads, 2);
    assert.equal(await auth.verify(9, basic('one', 'new')), 'unknown-account');
    assert.equal(loads, 2, 'an unknown account reloads at most once per minReloadMs');
  });

  it('keeps authenticating from the cached list while the database is down', async () => {
    let clock = 0;
    let down = false;
    const list = [account(1, { webhookLogin: 'one', webhookPasswordHash: await hashWebhookPassword('pw') })];
    const auth = createAuthenticator({
      loadAccounts: async () => {
        if (down) throw new Error('database down');
        return list;
      },
      now: () => clock,
    });
    assert.equal(await auth.verify(1, basic('one', 'pw')), 'ok');
    down = true;
    clock = 60_000;
    assert.equal(await auth.verify(1, basic('one', 'pw')), 'ok');
    const cold = createAuthenticator({
      loadAccounts: async () => Promise.reject(new Error('database down')),
    });
    await assert.rejects(cold.verify(1, basic('one', 'pw')), /database down/);
  });
});
