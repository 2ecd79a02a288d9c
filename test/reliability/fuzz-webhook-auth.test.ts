import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { insertAccount } from '../../src/db/accounts/accounts-repo.js';
import { saveWebhookCredentials } from '../../src/db/webhooks/webhook-accounts-repo.js';
import type { HostawayClient } from '../../src/hostaway/client.js';
import type { Simulator } from '../../src/simulator/index.js';
import { clientAddressOf, createAuthThrottle } from '../../src/webhook/auth-throttle.js';
import { createAuthenticator } from '../../src/webhook/authenticator.js';
import { safeEqual } from '../../src/webhook/basic-auth.js';
import { hashWebhookPassword } from '../../src/webhook/password-hash.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { fuzzSeed, installCrashGuard, picker } from '../helpers/fuzz-harness.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { basic, metricValue, startWebhookServer } from '../helpers/webhook.js';

const ACCOUNT = 10001;
const OTHER = 10002;
const GOOD = basic('hook', 'pw');
const guard = installCrashGuard();
let sim: Simulator;
let t: TestDatabase;
let client: HostawayClient;
let proxied: Awaited<ReturnType<typeof startWebhookServer>>;
let direct: Awaited<ReturnType<typeof startWebhookServer>>;

before(async () => {
  sim = await startSimulator({ seed: 5, accounts: 1, listings: 1, reservations: 1 });
  t = await createTestDatabase();
  await insertAccount(t.db, { accountId: ACCOUNT, customerId: randomUUID(), clientSecret: 'x' });
  await insertAccount(t.db, { accountId: OTHER, customerId: randomUUID(), clientSecret: 'x' });
  await saveWebhookCredentials(t.db, OTHER, {
    login: 'hook2',
    passwordHash: await hashWebhookPassword('pw2'),
  });
  await saveWebhookCredentials(t.db, ACCOUNT, {
    login: 'hook',
    passwordHash: await hashWebhookPassword('pw'),
  });
  client = createTestClient(sim.baseUrl);
  const authThrottle = { maxFailures: 3, windowMs: 60_000 };
  proxied = await startWebhookServer(t.db, client, { authThrottle, trustProxy: true });
  direct = await startWebhookServer(t.db, client, { authThrottle });
});
after(async () => {
  await proxied.server.close();
  await direct.server.close();
  client.close();
  await sim.close();
  await t.drop();
  guard.dispose();
});

let nextId = 910000000;
async function deliver(
  url: string,
  authorization: string | undefined,
  forwardedFor?: string,
  accountId = ACCOUNT,
) {
  const body = {
    event: 'reservation.updated',
    accountId,
    data: { id: (nextId += 1), updatedOn: '2026-01-01 00:00:00' },
  };
  const response = await fetch(`${url}/webhooks/hostaway`, {
    method: 'POST',
    headers: {
      ...(authorization === undefined ? {} : { authorization }),
      ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
    },
    body: JSON.stringify(body),
  });
  await response.text();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}
const metrics = async (url: string) => (await fetch(`${url}/metrics`)).text();

describe('webhook auth brute force', () => {
  it('answers failures 429 + Retry-After after N of them, per client, and still accepts valid ones', async () => {
    const attacker = '203.0.113.7';
    const started = Date.now();
    for (let i = 0; i < 3; i += 1)
      assert.equal((await deliver(proxied.url, basic('hook', `guess${i}`), attacker)).status, 401);
    const throttled = await deliver(proxied.url, basic('hook', 'guess3'), attacker);
    const elapsed = Date.now() - started;
    assert.equal(throttled.status, 429);
    // Seconds until the 60 s window that began with the first failure ends, rounded up.
    const retryAfter = Number(throttled.retryAfter);
    assert.ok(
      retryAfter <= 60 && retryAfter >= Math.ceil((60_000 - elapsed) / 1000),
      `${throttled.retryAfter} after ${elapsed} ms`,
    );
    // The right password is accepted from the same client: behind an ingress every sender shares the
    // address, so failures must not shut out an account's real deliveries.
    assert.equal((await deliver(proxied.url, GOOD, attacker)).status, 200);
    assert.equal((await deliver(proxied.url, basic('hook', 'guess4'), attacker)).status, 429);
    // The same client's deliveries for another account still go through (one tenant out of sync must not
    // hold up the others arriving from the same Hostaway address).
    assert.equal((await deliver(proxied.url, basic('hook2', 'pw2'), attacker, OTHER)).status, 200);
    // Another client is unaffected, both for successes and for its own failures.
    assert.equal((await deliver(proxied.url, GOOD, '198.51.100.1')).status, 200);
    assert.equal((await deliver(proxied.url, basic('hook', 'typo'), '198.51.100.1')).status, 401);
    // The proxy's own entry is the last one: a client cannot escape by prepending addresses.
    assert.equal((await deliver(proxied.url, basic('hook', 'g5'), `10.9.9.9, ${attacker}`)).status, 429);
    const text = await metrics(proxied.url);
    assert.equal(metricValue(text, 'hostaway_webhook_auth_throttled_total'), 3);
    // 401s: the attacker's first 3 and the other client's typo; the throttled failures are not counted.
    assert.equal(metricValue(text, 'hostaway_webhook_auth_failures_total'), 4);
  });

  it('ignores X-Forwarded-For unless trust-proxy is on: rotating it does not escape the throttle', async () => {
    for (let i = 0; i < 3; i += 1)
      assert.equal((await deliver(direct.url, basic('hook', `g${i}`), `192.0.2.${i}`)).status, 401);
    assert.equal((await deliver(direct.url, basic('hook', 'g3'), '192.0.2.99')).status, 429);
    assert.equal((await deliver(direct.url, GOOD, '192.0.2.99')).status, 200);
    assert.equal(metricValue(await metrics(direct.url), 'hostaway_webhook_auth_throttled_total'), 1);
  });

  it('tracks a bounded number of clients and forgets a window once it ends', () => {
    let now = 0;
    const throttle = createAuthThrottle({ maxFailures: 2, windowMs: 1_000, maxClients: 100, now: () => now });
    const { random } = fuzzSeed('auth throttle');
    const p = picker(random);
    for (let i = 0; i < 50_000; i += 1) {
      throttle.recordFailure(`10.${p.int(0, 255)}.${p.int(0, 255)}.${p.int(0, 255)}`, p.int(1, 1e6));
      assert.ok(throttle.size <= 200);
      now += p.int(0, 1);
    }
    throttle.recordFailure('a', 1);
    throttle.recordFailure('a', 1);
    assert.equal(throttle.blockedForMs('a', 1), 1_000);
    assert.equal(throttle.blockedForMs('a', 2), 0, 'another account of the same client');
    now += 999;
    assert.equal(throttle.blockedForMs('a', 1), 1);
    now += 1;
    assert.equal(throttle.blockedForMs('a', 1), 0);
    const off = createAuthThrottle({ maxFailures: 0, windowMs: 1_000 });
    for (let i = 0; i < 10; i += 1) off.recordFailure('a', 1);
    assert.equal(off.blockedForMs('a', 1), 0);
    assert.equal(off.size, 0);
  });

  it('caps a client across accounts at ten times the per-account limit', () => {
    const throttle = createAuthThrottle({ maxFailures: 3, windowMs: 60_000, now: () => 0 });
    for (let account = 1; account <= 15; account += 1) {
      assert.equal(throttle.blockedForMs('b', account), 0, `account ${account}`);
      throttle.recordFailure('b', account);
      throttle.recordFailure('b', account);
    }
    assert.ok(throttle.blockedForMs('b', 999) > 0, '30 failures across accounts block every account');
    assert.equal(throttle.blockedForMs('c', 1), 0);
  });

  it('identifies clients by socket address, or by the last X-Forwarded-For entry only when trusted', () => {
    assert.equal(clientAddressOf('127.0.0.1', '1.1.1.1, 2.2.2.2', false), '127.0.0.1');
    assert.equal(clientAddressOf('127.0.0.1', '1.1.1.1, 2.2.2.2', true), '2.2.2.2');
    assert.equal(clientAddressOf('127.0.0.1', ['1.1.1.1', '3.3.3.3'], true), '3.3.3.3');
    assert.equal(clientAddressOf('127.0.0.1', ' , ', true), '127.0.0.1');
    assert.equal(clientAddressOf(undefined, undefined, true), 'unknown');
    assert.equal(clientAddressOf('::1', 'x'.repeat(10_000), true).length, 100);
  });
});

describe('constant-time credential checks (structure, not timing)', () => {
  const source = (file: string) =>
    readFileSync(new URL(`../../src/webhook/${file}`, import.meta.url), 'utf8');

  it('compares fixed-length digests with timingSafeEqual, whatever the input lengths', () => {
    assert.match(source('basic-auth.ts'), /timingSafeEqual\(digest\(given\), digest\(expected\)\)/);
    // timingSafeEqual throws on unequal lengths: these pass only because both sides are digests.
    for (const [a, b] of [
      ['', 'x'.repeat(10_000)],
      ['pw', 'pw'],
      ['\u0000', ''],
      ['é', 'e'],
    ] as const)
      assert.equal(safeEqual(a, b), a === b);
    assert.doesNotMatch(
      source('authenticator.ts'),
      /(login|password)\s*[!=]==|[!=]==\s*\w*\.(login|password)/,
    );
    assert.match(source('password-hash.ts'), /timingSafeEqual\(actual, expected\)/);
  });

  it('runs the password hash whether or not the login matches, and checks both global fields without short-circuit', async () => {
    const hashed: string[] = [];
    const auth = createAuthenticator({
      loadAccounts: async () => [
        { accountId: 1, isActive: true, webhookLogin: 'hook', webhookPasswordHash: 'stored' },
      ],
      verifyPassword: async (password, hash) => (hashed.push(`${password}@${hash}`), password === 'pw'),
    });
    assert.equal(await auth.verify(1, basic('nobody', 'pw')), 'denied', 'right password, wrong login');
    assert.equal(await auth.verify(1, basic('nobody', 'nope')), 'denied');
    assert.equal(await auth.verify(1, basic('hook', 'pw')), 'ok');
    assert.deepEqual(hashed, ['pw@stored', 'nope@stored', 'pw@stored'], 'an unknown login costs a hash too');
    assert.match(
      source('authenticator.ts'),
      /const login = safeEqual\(given\.login, global\.login\);\s*const password = safeEqual\(given\.password, global\.password\);\s*return login && password;/,
    );
  });
});
