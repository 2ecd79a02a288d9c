import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  fuzzIterations,
  fuzzSeed,
  heapAfterGc,
  installCrashGuard,
  mib,
  picker,
} from '../helpers/fuzz-harness.js';
import { BODY_KINDS, hostileBody, seedBodies } from '../helpers/fuzz-webhook-bodies.js';
import {
  DOCUMENTED_WEBHOOK_STATUSES,
  FUZZ_WEBHOOK_AUTH as AUTH,
  startFuzzWebhookListener,
} from '../helpers/fuzz-webhook-listener.js';
import { basic, metricValue } from '../helpers/webhook.js';

const DOCUMENTED = new Set(DOCUMENTED_WEBHOOK_STATUSES);
const ACCOUNT = 10001;
const MAX_BODY = 256 * 1024;
/** The reservations valid deliveries keep updating; garbage never names them. */
const TRACKED = [777000001, 777000002, 777000003, 777000004, 777000005];
const TRACKED_PATTERN = /77700000\d/;

const guard = installCrashGuard();
let hook: Awaited<ReturnType<typeof startFuzzWebhookListener>>;

before(async () => {
  hook = await startFuzzWebhookListener(ACCOUNT, 3, {
    maxBodyBytes: MAX_BODY,
    authThrottle: { maxFailures: 1_000_000, windowMs: 60_000 },
  });
});
after(async () => {
  await hook.close();
  guard.dispose();
});

async function post(body: Buffer | string, authorization: string | undefined) {
  const response = await fetch(`${hook.url}/webhooks/hostaway`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** Version `v` of a tracked reservation: later versions have later updatedOn. */
function version(id: number, v: number) {
  const updatedOn = new Date(Date.UTC(2026, 0, 1) + v * 1000).toISOString().slice(0, 19).replace('T', ' ');
  return { id, listingMapId: 5, guestName: `Guest ${id} v${v}`, totalPrice: v, updatedOn };
}

describe('fuzz: the webhook listener over HTTP with the real database', () => {
  it('never answers 5xx or crashes, and applies the valid deliveries among the garbage exactly', async () => {
    const { random } = fuzzSeed('webhook server');
    const p = picker(random);
    const seeds = seedBodies(ACCOUNT);
    const rounds = fuzzIterations(150, 0.05);
    const perKind = new Map<string, number>();
    const latest = new Map<number, number>();
    let versions = 0;
    heapAfterGc();
    const heapBefore = heapAfterGc();
    for (let round = 0; round < rounds; round += 1) {
      const sends: Promise<void>[] = [];
      for (let i = 0; i < 8; i += 1) {
        if (p.chance(0.3)) {
          const id = p.pick(TRACKED);
          // Mostly the next version; sometimes a stale one, which must not win.
          const v = p.chance(0.8) || !latest.has(id) ? (versions += 1) : p.int(0, latest.get(id)!);
          if (v > (latest.get(id) ?? -1)) latest.set(id, v);
          const nested = p.chance(0.3);
          const data = version(id, v);
          const body = nested
            ? { event: 'reservation.updated', accountId: ACCOUNT, payload: { data } }
            : { object: 'reservation', event: 'reservation.updated', accountId: ACCOUNT, data };
          sends.push(
            post(JSON.stringify(body), AUTH).then((r) => {
              assert.equal(r.status, 200, `valid delivery of ${id} v${v}: ${r.status} ${r.text}`);
            }),
          );
          continue;
        }
        const kind = p.pick(BODY_KINDS);
        const body = hostileBody(kind, seeds, p, MAX_BODY);
        if (TRACKED_PATTERN.test(body.toString('latin1'))) continue;
        perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
        const auth = p.chance(0.7) ? AUTH : p.pick([undefined, basic('hook', 'nope'), 'Basic ===']);
        sends.push(
          post(body, auth).then((r) => {
            assert.ok(DOCUMENTED.has(r.status), `${kind}: ${r.status} ${r.text.slice(0, 200)}`);
          }),
        );
      }
      await Promise.all(sends);
    }
    const heapAfter = heapAfterGc();
    console.log(
      `${rounds} rounds, garbage ${JSON.stringify(Object.fromEntries(perKind))}, ${versions} versions; heap ${mib(heapBefore)} → ${mib(heapAfter)}`,
    );
    const { rows } = await hook.db.query<{ id: string; raw: unknown }>(
      'SELECT id::text, raw_payload AS raw FROM hostaway.reservations WHERE account_id = $1 AND id = ANY($2)',
      [ACCOUNT, TRACKED],
    );
    const stored = new Map(rows.map((r) => [Number(r.id), r.raw]));
    for (const [id, v] of latest) assert.deepEqual(stored.get(id), version(id, v), `reservation ${id}`);
    assert.equal(stored.size, latest.size);
    const metrics = await (await fetch(`${hook.url}/metrics`)).text();
    assert.equal(metricValue(metrics, 'hostaway_webhook_requests_total', 'route="webhook",code="500"'), 0);
    assert.equal(metricValue(metrics, 'hostaway_webhook_requests_total', 'route="webhook",code="503"'), 0);
    assert.ok(heapAfter - heapBefore < 96 * 1024 * 1024, `heap grew by ${mib(heapAfter - heapBefore)}`);
    guard.check();
  });
});
