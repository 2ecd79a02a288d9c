import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createDatabase } from '../../src/db/database.js';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { startWebhookServeCli } from '../helpers/cli-server.js';
import { startSimulator } from '../helpers/hostaway.js';
import { chooseSeed, createRandom } from '../helpers/prng.js';
import {
  addFirstAccountAndSyncWithCli,
  skipWithoutThrowawayPostgres,
  sleep,
  storedMessageIdsByThread,
  throwawayCliEnv,
  waitForWebhookEventsApplied,
  WEBHOOK_CREDENTIALS_ENV,
  WEBHOOK_LOGIN,
  WEBHOOK_PASSWORD,
} from '../helpers/throwaway-cli.js';
import { createThrowawayPostgres, type ThrowawayPostgres } from '../helpers/throwaway-postgres.js';
import { basic } from '../helpers/webhook.js';
import { sendUntilAccepted, type Delivery, type SendOutcome } from '../helpers/webhook-sender.js';

/** Server stops per run: RELIABILITY_ITERATIONS (npm run soak: 40), else 3. */
const STOPS = Number(process.env.RELIABILITY_ITERATIONS ?? 3);
const DELIVERIES_PER_STOP = 60;
const SENDERS = 4;
const unavailable = skipWithoutThrowawayPostgres('postgres-restart-webhook');

describe('PostgreSQL stopped (immediate) while webhooks stream in', { skip: unavailable ?? false }, () => {
  const seed = chooseSeed();
  const random = createRandom(seed);
  let pg: ThrowawayPostgres;
  let sim: Simulator;
  let env: Record<string, string>;
  let accountId: number;
  // The simulator's clock moves one second per change, so every version of a reservation has its own
  // updatedOn (Hostaway's resolution is a second).
  let skewMs = 0;

  before(async () => {
    pg = await createThrowawayPostgres();
    sim = await startSimulator({
      seed: seed % 1000,
      listings: 4,
      reservations: 60,
      now: () => new Date(Date.now() + skewMs),
    });
    env = throwawayCliEnv(sim, pg, { ...WEBHOOK_CREDENTIALS_ENV, HOSTAWAY_TOKEN_ACTIVATION_MS: '0' });
    accountId = await addFirstAccountAndSyncWithCli(sim, env);
  });
  after(async () => {
    await sim?.close();
    await pg?.destroy();
  });

  /** A fresh upstream change and its delivery: a reservation update (70 %) or a new guest message. */
  function nextDelivery(n: number): Delivery {
    skewMs += 1000;
    const deliveryId = `${seed}-${n}`;
    if (random() < 0.7) {
      const reservations = sim.listReservations(accountId);
      const id = Number(reservations[Math.floor(random() * reservations.length)]!.id);
      const data = sim.updateReservation(accountId, id, { hostNote: `v${n}` });
      return { deliveryId, body: { event: 'reservation.updated', accountId, data } };
    }
    const conversations = sim.listConversations(accountId);
    const conversationId = Number(conversations[Math.floor(random() * conversations.length)]!.id);
    const data = sim.addMessage(accountId, conversationId, { body: `m${n}`, isIncoming: 1 });
    return { deliveryId, body: { event: 'message.received', accountId, data } };
  }

  it(`never acknowledges an event it did not store, and applies every acknowledged one (${STOPS} stops, seed ${seed}; replay with RELIABILITY_SEED=${seed})`, async (t) => {
    t.diagnostic(`seed ${seed}, throwaway cluster on port ${pg.port}`);
    const server = await startWebhookServeCli(env);
    const authorization = basic(WEBHOOK_LOGIN, WEBHOOK_PASSWORD);
    const probe = async (path: string) => {
      try {
        return (await fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(10_000) })).status;
      } catch {
        return 0;
      }
    };
    // While the cluster is down: from after its stop until just before its start.
    let downFrom = Number.POSITIVE_INFINITY;
    const acknowledgedWhileDown: number[] = [];
    const delivered: { delivery: Delivery; outcome: SendOutcome }[] = [];
    const probes = { health: [] as number[], readyDown: [] as number[], readyUp: [] as number[] };
    let next = 0;
    const total = STOPS * DELIVERIES_PER_STOP;
    const sender = async () => {
      while (next < total) {
        const delivery = nextDelivery(next++);
        const outcome = await sendUntilAccepted(server.url, authorization, delivery, (status, sentAt) => {
          if (sentAt >= downFrom && status >= 200 && status < 300) acknowledgedWhileDown.push(status);
        });
        delivered.push({ delivery, outcome });
      }
    };
    const stopper = async () => {
      for (let stop = 0; stop < STOPS; stop += 1) {
        while (next < stop * DELIVERIES_PER_STOP + 10 + random() * 30) await sleep(5);
        await pg.stop({ mode: 'immediate' });
        downFrom = Date.now();
        const until = Date.now() + 1500 + random() * 1000;
        while (Date.now() < until) {
          probes.health.push(await probe('/health'));
          probes.readyDown.push(await probe('/ready'));
          await sleep(100);
        }
        downFrom = Number.POSITIVE_INFINITY;
        await pg.start();
      }
    };
    await Promise.all([stopper(), ...Array.from({ length: SENDERS }, sender)]);
    // The pool reconnects by itself: readiness comes back without restarting the listener.
    for (let i = 0; i < 50 && (await probe('/ready')) !== 200; i += 1) await sleep(100);
    probes.readyUp.push(await probe('/ready'));
    assert.equal(server.child.exitCode, null, 'the listener is still running');

    const db = await createDatabase({ url: pg.url(), poolSize: 2 });
    try {
      // Everything acknowledged must end up applied (events needing Hostaway go through the retry worker).
      const open = await waitForWebhookEventsApplied(db);
      if (open !== 0) {
        const replay = await runCli(['webhook', 'replay', '--status', 'pending'], { env });
        t.diagnostic(`replayed ${open} events still open: exit ${replay.code}`);
      }
      const { rows: events } = await db.query<{ id: number; status: string; deliveryId: string }>(
        `SELECT id, status, payload->>'deliveryId' AS "deliveryId" FROM hostaway.webhook_events`,
      );
      const byId = new Map(events.map((e) => [Number(e.id), e]));
      let lost = 0;
      for (const { delivery, outcome } of delivered) {
        const event = byId.get(outcome.eventId);
        if (event?.deliveryId !== delivery.deliveryId || event.status !== 'applied') lost += 1;
      }
      // Final state: every reservation as its newest delivered version, every delivered message stored.
      const newest = new Map<number, Record<string, unknown>>();
      const messages: { conversationId: number; id: number }[] = [];
      for (const { delivery } of delivered) {
        const data = delivery.body.data as Record<string, unknown>;
        if (delivery.body.event === 'reservation.updated') {
          const seen = newest.get(Number(data.id));
          if (seen === undefined || String(seen.updatedOn) < String(data.updatedOn))
            newest.set(Number(data.id), data);
        } else messages.push({ conversationId: Number(data.conversationId), id: Number(data.id) });
      }
      const { rows: stored } = await db.query<{ id: number; raw: Record<string, unknown> }>(
        'SELECT id, raw_payload AS raw FROM hostaway.reservations WHERE account_id = $1',
        [accountId],
      );
      const storedById = new Map(stored.map((r) => [Number(r.id), r.raw]));
      let staleReservations = 0;
      for (const [id, data] of newest)
        if (!isDeepStrictEqual(storedById.get(id), data)) staleReservations += 1;
      const threadIds = await storedMessageIdsByThread(db, accountId);
      const missingMessages = messages.filter((m) => !threadIds.get(m.conversationId)?.has(m.id)).length;
      const refused = delivered.reduce((sum, d) => sum + d.outcome.refused, 0);
      const refusedStatuses = new Set(delivered.flatMap((d) => d.outcome.statuses));
      const reservationDeliveries = delivered.length - messages.length;
      t.diagnostic(
        `deliveries ${delivered.length} (${reservationDeliveries} updates of ${newest.size} reservations, ${messages.length} messages); refused attempts ${refused} with statuses ${[...refusedStatuses].join(',')}; ` +
          `/health while down ${[...new Set(probes.health)].join(',')}; /ready while down ${[...new Set(probes.readyDown)].join(',')}; lost ${lost}`,
      );
      assert.deepEqual(acknowledgedWhileDown, [], 'no 2xx while the database was down');
      // Behind a pooler an outage this short holds the listener's statements in the pooler's queue (its
      // query_wait_timeout) until the cluster is back: deliveries are answered late, not refused.
      if (pg.poolerPort === undefined) assert.ok(refused > 0, 'the outages refused some deliveries');
      for (const status of refusedStatuses) assert.ok(status >= 500, `refused with ${status}, not 5xx`);
      assert.deepEqual([...new Set(probes.health)], [200], '/health stays 200');
      assert.ok(probes.readyDown.includes(503), '/ready says 503 while the database is down');
      assert.deepEqual(probes.readyUp, [200], '/ready is 200 again without a restart');
      assert.equal(lost, 0, 'every acknowledged delivery is stored and applied');
      assert.equal(staleReservations, 0, 'every reservation is its newest delivered version');
      assert.equal(missingMessages, 0, 'every delivered message is in its thread');
    } finally {
      await db.close();
      const code = await server.stop();
      assert.equal(code, 0, server.rawLines.slice(-5).join('\n'));
      assert.ok(!server.rawLines.some((l) => /^\s+at /.test(l)), 'no stack trace in the logs');
    }
  });
});
