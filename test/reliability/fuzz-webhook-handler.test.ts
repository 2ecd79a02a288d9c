import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WebhookAccountAuth } from '../../src/db/webhooks/webhook-accounts-repo.js';
import { createSilentLogger } from '../../src/logger.js';
import { createAuthThrottle } from '../../src/webhook/auth-throttle.js';
import { createAuthenticator } from '../../src/webhook/authenticator.js';
import { handleWebhook, type WebhookHandlerDeps } from '../../src/webhook/handle-webhook.js';
import type { AcceptedEvent } from '../../src/webhook/inbox-writer.js';
import { createWebhookMetrics } from '../../src/webhook/metrics.js';
import { hashWebhookPassword } from '../../src/webhook/password-hash.js';
import {
  fuzzIterations,
  fuzzSeed,
  heapAfterGc,
  installCrashGuard,
  mib,
  picker,
} from '../helpers/fuzz-harness.js';
import { BODY_KINDS, hostileBody, seedBodies } from '../helpers/fuzz-webhook-bodies.js';
import { DOCUMENTED_WEBHOOK_STATUSES } from '../helpers/fuzz-webhook-listener.js';
import { basic } from '../helpers/webhook.js';

const DOCUMENTED = new Set(DOCUMENTED_WEBHOOK_STATUSES);
const ACCOUNT = 59808;
const MAX_BODY = 64 * 1024;

const guard = installCrashGuard();
let deps: WebhookHandlerDeps;
const accepted: AcceptedEvent[] = [];

before(async () => {
  const account: WebhookAccountAuth = {
    accountId: ACCOUNT,
    isActive: true,
    webhookLogin: 'hook',
    webhookPasswordHash: await hashWebhookPassword('pw'),
  } as WebhookAccountAuth;
  deps = {
    authenticate: createAuthenticator({ loadAccounts: async () => [account] }).verify,
    throttle: createAuthThrottle({ maxFailures: 1_000_000, windowMs: 60_000 }),
    submit: async (event) => {
      accepted.push(event);
      return { id: accepted.length, status: 'applied', outcome: 'inserted' };
    },
    readiness: async () => ({ ready: true, status: 'ok' }),
    metrics: createWebhookMetrics(),
    logger: createSilentLogger(),
    refetch: 'auto',
    maxBodyBytes: MAX_BODY,
    submitTimeoutMs: 1_000,
  };
});
after(() => guard.dispose());

const AUTH = [
  basic('hook', 'pw'),
  basic('hook', 'pw'),
  basic('hook', 'wrong'),
  undefined,
  '',
  'Basic',
  'Basic !!!',
  `Basic ${'A'.repeat(20_000)}`,
  'Bearer x',
  [basic('hook', 'pw'), basic('x', 'y')],
];

describe('fuzz: the pure webhook handler', () => {
  it('refuses JSON that PostgreSQL cannot store with 400, before authentication', async () => {
    const raw = (value: string) =>
      `{"event":"reservation.updated","accountId":${ACCOUNT},"data":{"id":1,"guestName":${value}}}`;
    const refused = [
      '"\\u0000"',
      '"\\ud800"',
      '"\\udc00x"',
      '1e999999',
      '9'.repeat(500),
      `${'['.repeat(300)}${']'.repeat(300)}`,
    ];
    for (const value of refused) {
      const response = await handleWebhook(
        { method: 'POST', url: '/webhooks/hostaway', headers: {}, body: Buffer.from(raw(value)) },
        deps,
      );
      assert.equal(response.status, 400, value.slice(0, 20));
      assert.match(response.body, /cannot be stored/);
    }
    const fine = [
      '"\\ud83d\\ude00"',
      '"\\u0001"',
      '1e300',
      '-0.5',
      '"a\\\\u0000"',
      `${'['.repeat(200)}${']'.repeat(200)}`,
    ];
    for (const value of fine) {
      const response = await handleWebhook(
        { method: 'POST', url: '/webhooks/hostaway', headers: {}, body: Buffer.from(raw(value)) },
        deps,
      );
      assert.equal(response.status, 401, value.slice(0, 20));
    }
  });

  it('answers every hostile body with a documented status and never throws', async () => {
    const { random } = fuzzSeed('webhook handler');
    const p = picker(random);
    const seeds = seedBodies(ACCOUNT);
    const iterations = fuzzIterations(10_000, 10);
    const perKind = new Map<string, number>();
    heapAfterGc();
    const heapBefore = heapAfterGc();
    for (let i = 0; i < iterations; i += 1) {
      const kind = p.pick(BODY_KINDS);
      perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
      const body = hostileBody(kind, seeds, p, MAX_BODY);
      const authorization = p.pick(AUTH);
      const method = p.chance(0.95) ? 'POST' : p.pick(['GET', 'PUT', 'DELETE', 'HEAD', 'X']);
      const url = p.chance(0.95)
        ? '/webhooks/hostaway'
        : p.pick(['/', '/webhooks/hostaway/?a=%ff', '//', '/metrics']);
      const response = await handleWebhook(
        { method, url, headers: { authorization, 'content-type': 'text/plain' }, body, client: '10.0.0.1' },
        deps,
      );
      assert.ok(DOCUMENTED.has(response.status), `${kind}: status ${response.status}`);
      if (url === '/webhooks/hostaway' && method === 'POST') JSON.parse(response.body);
    }
    const heapAfter = heapAfterGc();
    console.log(
      `${iterations} bodies ${JSON.stringify(Object.fromEntries(perKind))}; heap ${mib(heapBefore)} → ${mib(heapAfter)}; accepted ${accepted.length}`,
    );
    for (const event of accepted) JSON.parse(event.body);
    assert.ok(heapAfter - heapBefore < 64 * 1024 * 1024, `heap grew by ${mib(heapAfter - heapBefore)}`);
    guard.check();
  });
});
