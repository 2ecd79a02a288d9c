import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { describe, it } from 'node:test';
import type { WebhookAccountAuth } from '../../src/db/webhooks/webhook-accounts-repo.js';
import { createSilentLogger } from '../../src/logger.js';
import { createAuthThrottle } from '../../src/webhook/auth-throttle.js';
import { createAuthenticator } from '../../src/webhook/authenticator.js';
import { parseBasicAuth, safeEqual } from '../../src/webhook/basic-auth.js';
import { handleWebhook, type WebhookHandlerDeps } from '../../src/webhook/handle-webhook.js';
import type { AcceptedEvent } from '../../src/webhook/inbox-writer.js';
import { createWebhookMetrics } from '../../src/webhook/metrics.js';
import { hashWebhookPassword, verifyWebhookPassword } from '../../src/webhook/password-hash.js';

/**
 * Runs `body` with node:crypto's timingSafeEqual wrapped (syncBuiltinESMExports carries the wrapper to
 * named imports) and returns the byte lengths of every pair it compared.
 */
function spyOnTimingSafeEqual(body: () => void): number[][];
function spyOnTimingSafeEqual(body: () => Promise<void>): Promise<number[][]>;
function spyOnTimingSafeEqual(body: () => void | Promise<void>): number[][] | Promise<number[][]> {
  const original = crypto.timingSafeEqual;
  const lengths: number[][] = [];
  crypto.timingSafeEqual = (a, b) => (lengths.push([a.byteLength, b.byteLength]), original(a, b));
  syncBuiltinESMExports();
  const restore = () => {
    crypto.timingSafeEqual = original;
    syncBuiltinESMExports();
  };
  try {
    const result = body();
    if (result instanceof Promise) return result.then(() => lengths).finally(restore);
    restore();
    return lengths;
  } catch (error) {
    restore();
    throw error;
  }
}

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

  it('compares strings of any length in constant time: timingSafeEqual on equal-length digests', () => {
    const lengths = spyOnTimingSafeEqual(() => {
      assert.equal(safeEqual('secret', 'secret'), true);
      assert.equal(safeEqual('secret', 'secreT'), false, 'same length');
      assert.equal(safeEqual('secret', 'secret-and-more'), false, 'a prefix');
      assert.equal(safeEqual('', 'a-much-longer-expected-value'), false);
      assert.equal(safeEqual('pw', 'pw\u0000'), false, 'not padded');
      assert.equal(safeEqual(`${'x'.repeat(40)}a`, `${'x'.repeat(40)}b`), false, 'not truncated');
    });
    // Every comparison went through timingSafeEqual, on 32-byte digests whatever the input lengths.
    assert.deepEqual(lengths, Array(6).fill([32, 32]));
  });

  it('hashes with scrypt, salted, and verifies', async () => {
    const hash = await hashWebhookPassword('correct horse');
    assert.match(hash, /^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    assert.notEqual(hash, await hashWebhookPassword('correct horse'));
    assert.equal(await verifyWebhookPassword('correct horse', hash), true);
    const lengths = await spyOnTimingSafeEqual(async () => {
      assert.equal(await verifyWebhookPassword('correct horsE', hash), false, 'same length');
      assert.equal(await verifyWebhookPassword('correct hors', hash), false, 'a prefix');
      assert.equal(await verifyWebhookPassword('correct horse!', hash), false, 'longer');
    });
    assert.deepEqual(lengths, Array(3).fill([32, 32]), 'derived keys compared with timingSafeEqual');
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

  it('tells an unknown or inactive account apart only to valid credentials, at the cost of a wrong password', async () => {
    const checked: string[] = [];
    const auth = createAuthenticator({
      loadAccounts: async () => [
        account(1, { webhookLogin: 'one', webhookPasswordHash: await hashWebhookPassword('pw1') }),
        account(3, {
          isActive: false,
          webhookLogin: 'three',
          webhookPasswordHash: await hashWebhookPassword('pw3'),
        }),
      ],
      verifyPassword: (password, hash) => {
        checked.push(password);
        return verifyWebhookPassword(password, hash);
      },
    });
    const checksFor = async (accountId: number, authorization: string | undefined) => {
      checked.length = 0;
      return { verdict: await auth.verify(accountId, authorization), checks: checked.length };
    };
    const known = await checksFor(1, basic('one', 'guess'));
    assert.deepEqual(known, { verdict: 'denied', checks: 1 });
    assert.deepEqual(await checksFor(4, basic('one', 'guess')), known, 'unknown account');
    assert.deepEqual(await checksFor(3, basic('three', 'guess')), known, 'inactive account');
    assert.deepEqual(await checksFor(4, undefined), await checksFor(1, undefined));
    assert.equal((await checksFor(3, basic('three', 'pw3'))).verdict, 'inactive');
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
    assert.equal(await auth.verify(9, basic('one', 'new')), 'denied');
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

describe('failed-login throttle', () => {
  const ACCOUNT = 7;
  const INGRESS = '10.0.0.1';

  /** The handler with the real authenticator and throttle (3 failures per minute), behind one ingress. */
  async function listener(verifyPassword?: (password: string, hash: string) => Promise<boolean>) {
    let clock = 0;
    const hash = await hashWebhookPassword('right');
    const accounts = [
      { accountId: ACCOUNT, isActive: true, webhookLogin: 'hook', webhookPasswordHash: hash },
    ];
    const submitted: AcceptedEvent[] = [];
    const metrics = createWebhookMetrics();
    const deps: WebhookHandlerDeps = {
      authenticate: createAuthenticator({
        loadAccounts: async () => accounts,
        now: () => clock,
        ...(verifyPassword ? { verifyPassword } : {}),
      }).verify,
      throttle: createAuthThrottle({ maxFailures: 3, windowMs: 60_000, now: () => clock }),
      submit: async (event) => {
        submitted.push(event);
        return { id: submitted.length, status: 'applied', outcome: 'inserted' };
      },
      readiness: async () => ({ ready: true, status: 'ok' }),
      metrics,
      logger: createSilentLogger(),
      refetch: 'auto',
      maxBodyBytes: 4096,
      submitTimeoutMs: 1_000,
    };
    let id = 0;
    const deliver = (password: string, client = INGRESS) =>
      handleWebhook(
        {
          method: 'POST',
          url: '/webhooks/hostaway',
          headers: { authorization: basic('hook', password) },
          body: Buffer.from(
            JSON.stringify({
              event: 'reservation.updated',
              accountId: ACCOUNT,
              data: { id: (id += 1), updatedOn: '2026-01-01 10:00:00' },
            }),
          ),
          client,
        },
        deps,
      );
    const metric = async (name: string) => {
      const line = (await metrics.render()).body.split('\n').find((l) => l.startsWith(`${name} `));
      return Number(line?.split(' ')[1]);
    };
    return { deliver, submitted, metric, advance: (ms: number) => (clock += ms) };
  }

  it('accepts a valid delivery from an address whose failures someone else brought to the limit', async () => {
    const { deliver, submitted } = await listener();
    for (const guess of ['a', 'b', 'c']) assert.equal((await deliver(guess)).status, 401);
    assert.equal((await deliver('d')).status, 429, 'the limit is reached');
    const valid = await deliver('right');
    assert.equal(valid.status, 200, 'the real sender behind the same ingress is not shut out');
    assert.equal(JSON.parse(valid.body).status, 'accepted');
    assert.equal(submitted.length, 1);
  });

  it('keeps answering 429 to failures past the limit while valid deliveries go through', async () => {
    const { deliver, submitted, metric, advance } = await listener();
    for (const guess of ['a', 'b', 'c']) assert.equal((await deliver(guess)).status, 401);
    for (const password of ['d', 'right', 'e', 'right', 'a', 'right', 'f']) {
      const response = await deliver(password);
      if (password === 'right') assert.equal(response.status, 200, 'valid credentials');
      else {
        assert.equal(response.status, 429, `guess ${password}`);
        assert.equal(response.headers['retry-after'], '60');
      }
    }
    assert.equal(submitted.length, 3);
    assert.equal(await metric('hostaway_webhook_auth_failures_total'), 3);
    assert.equal(await metric('hostaway_webhook_auth_throttled_total'), 4);
    // A success resets nothing; the window's end does.
    advance(59_001);
    assert.equal((await deliver('g')).headers['retry-after'], '1');
    advance(999);
    assert.equal((await deliver('h')).status, 401);
    // Other clients are unaffected by this one's failures.
    assert.equal((await deliver('i', '10.0.0.2')).status, 401);
  });

  it("hashes a throttled client's new guesses one at a time and known failures not at all", async () => {
    let running = 0;
    let most = 0;
    const calls: string[] = [];
    const { deliver } = await listener(async (password, hash) => {
      calls.push(password);
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return verifyWebhookPassword(password, hash);
    });
    const statuses = await Promise.all(['a', 'b', 'c'].map((guess) => deliver(guess)));
    assert.deepEqual(
      statuses.map((r) => r.status),
      [401, 401, 401],
    );
    assert.equal(most, 3, 'below the limit checks run side by side');
    most = 0;
    calls.length = 0;
    const throttled = await Promise.all(['a', 'b', 'd', 'e', 'f', 'right'].map((p) => deliver(p)));
    assert.deepEqual(
      throttled.map((r) => r.status),
      [429, 429, 429, 429, 429, 200],
    );
    assert.equal(most, 1, 'past the limit one hash at a time');
    assert.deepEqual(calls.sort(), ['d', 'e', 'f', 'right'], 'repeated guesses are answered from memory');
    calls.length = 0;
    assert.equal((await deliver('right')).status, 200);
    assert.deepEqual(calls, [], 'a known valid credential is not hashed again');
  });
});
