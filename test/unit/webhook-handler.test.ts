import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DatabaseUnavailableError } from '../../src/errors.js';
import { createSilentLogger } from '../../src/logger.js';
import type { AuthVerdict } from '../../src/webhook/authenticator.js';
import {
  handleWebhook,
  type WebhookHandlerDeps,
  type WebhookRequest,
} from '../../src/webhook/handle-webhook.js';
import type { AcceptedEvent } from '../../src/webhook/inbox-writer.js';
import { createWebhookMetrics } from '../../src/webhook/metrics.js';

const reservation = { id: 11, listingMapId: 3, updatedOn: '2025-10-25 15:30:19', guestName: 'Ada' };

function setup(overrides: Partial<WebhookHandlerDeps> & { verdict?: AuthVerdict } = {}) {
  const submitted: AcceptedEvent[] = [];
  const deps: WebhookHandlerDeps = {
    authenticate: async () => overrides.verdict ?? 'ok',
    submit: async (event) => {
      submitted.push(event);
      return { id: submitted.length, status: 'applied', outcome: 'inserted' };
    },
    readiness: async () => ({ ready: true, status: 'ok' }),
    metrics: createWebhookMetrics(),
    logger: createSilentLogger(),
    refetch: 'auto',
    maxBodyBytes: 1024,
    submitTimeoutMs: 200,
    ...overrides,
  };
  const send = (request: Partial<WebhookRequest> & { json?: unknown }) =>
    handleWebhook(
      {
        method: 'POST',
        url: '/webhooks/hostaway',
        headers: {},
        body: Buffer.from(request.json === undefined ? '' : JSON.stringify(request.json)),
        ...request,
      },
      deps,
    );
  return { send, submitted, deps };
}

const body = (event: string, data: unknown, accountId: unknown = 59808) => ({
  object: 'x',
  event,
  accountId,
  data,
});
const statusOf = async (response: Promise<{ status: number; body: string }>) => {
  const r = await response;
  return { status: r.status, body: JSON.parse(r.body) as Record<string, unknown> };
};

describe('handleWebhook', () => {
  it('routes: 404 for unknown paths, 405 with Allow for wrong methods', async () => {
    const { send } = setup();
    assert.equal((await send({ url: '/nope' })).status, 404);
    const get = await send({ method: 'GET' });
    assert.equal(get.status, 405);
    assert.equal(get.headers.allow, 'POST');
    const post = await send({ url: '/health' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });

  it('accepts both paths and both body shapes, handing the parsed action to the inbox', async () => {
    const { send, submitted } = setup();
    const flat = await statusOf(send({ json: body('reservation.updated', reservation) }));
    assert.deepEqual(flat, {
      status: 200,
      body: { status: 'accepted', id: 1, inbox: 'applied', outcome: 'inserted' },
    });
    const nested = { event: 'reservation.created', accountId: 59808, payload: { data: reservation } };
    assert.equal((await send({ url: '/hostaway/webhooks/hostaway/?token=x', json: nested })).status, 200);
    assert.equal(submitted.length, 2);
    for (const event of submitted) {
      assert.equal(event.accountId, 59808);
      assert.deepEqual(event.action, { kind: 'reservation', reservationId: 11, reservation });
    }
    assert.deepEqual(JSON.parse(submitted[1]!.body), nested);
    assert.deepEqual(
      submitted.map((e) => e.dataPath),
      [['data'], ['payload', 'data']],
    );
  });

  it('answers 400 for invalid JSON and non-object bodies, 413 past the limit', async () => {
    const { send, submitted } = setup();
    assert.equal((await send({ body: Buffer.from('{"event":') })).status, 400);
    assert.equal((await send({ json: [1] })).status, 400);
    assert.equal((await send({ body: Buffer.alloc(1025, 32) })).status, 413);
    assert.equal(submitted.length, 0);
  });

  it('ignores pings, unknown events, unknown and inactive accounts with 200', async () => {
    const ping = setup();
    assert.deepEqual(await statusOf(ping.send({ json: { data: 'test' } })), {
      status: 200,
      body: { status: 'ignored', reason: 'test' },
    });
    assert.equal(
      (await statusOf(ping.send({ json: body('task.created', { id: 1 }) }))).body.reason,
      'unsupported-event',
    );
    assert.equal(
      (await statusOf(ping.send({ json: body('reservation.updated', reservation, null) }))).body.reason,
      'no-account',
    );
    for (const verdict of ['unknown-account', 'inactive'] as const) {
      const { send, submitted } = setup({ verdict });
      assert.deepEqual(await statusOf(send({ json: body('reservation.updated', reservation) })), {
        status: 200,
        body: { status: 'ignored', reason: verdict },
      });
      assert.equal(submitted.length, 0);
    }
    assert.equal(ping.submitted.length, 0);
  });

  it('answers 401 with a Basic challenge for wrong or missing credentials', async () => {
    for (const verdict of ['denied', 'no-credentials'] as const) {
      const { send, submitted } = setup({ verdict });
      const response = await send({ json: body('reservation.updated', reservation) });
      assert.equal(response.status, 401);
      assert.match(response.headers['www-authenticate'] ?? '', /^Basic /);
      assert.equal(submitted.length, 0);
    }
  });

  it('answers 5xx when the event cannot be stored, so Hostaway retries', async () => {
    const down = new DatabaseUnavailableError('cannot reach PostgreSQL');
    const cases: [Partial<WebhookHandlerDeps>, number][] = [
      [{ submit: () => Promise.reject(down) }, 503],
      [{ authenticate: () => Promise.reject(down) }, 503],
      [{ submit: () => new Promise(() => undefined) }, 503],
      [{ submit: () => Promise.reject(new Error('bug')) }, 500],
    ];
    for (const [overrides, status] of cases) {
      const { send } = setup(overrides);
      assert.equal((await send({ json: body('reservation.updated', reservation) })).status, status);
    }
  });

  it('serves the probes and Prometheus metrics', async () => {
    const { send } = setup({ readiness: async () => ({ ready: false, status: 'needs-migration' }) });
    assert.equal((await send({ method: 'GET', url: '/health' })).status, 200);
    assert.deepEqual(await statusOf(send({ method: 'GET', url: '/ready' })), {
      status: 503,
      body: { ready: false, status: 'needs-migration' },
    });
    await send({ json: body('reservation.updated', reservation) });
    const metrics = await send({ method: 'GET', url: '/metrics' });
    assert.match(metrics.headers['content-type'] ?? '', /^text\/plain/);
    assert.match(metrics.body, /^hostaway_webhook_events_received_total\{event="reservation.updated"\} 1$/m);
  });
});
