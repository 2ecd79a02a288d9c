import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { deactivateAccount, insertAccount } from '../../src/db/accounts/accounts-repo.js';
import { upsertThreads } from '../../src/db/mirror/upsert-resource.js';
import { saveWebhookCredentials } from '../../src/db/webhooks/webhook-accounts-repo.js';
import {
  countWebhookBacklog,
  findWebhookEventIds,
  listWebhookEvents,
  pruneWebhookEvents,
} from '../../src/db/webhooks/webhook-events-query.js';
import { claimWebhookEvents, recordWebhookEventResults } from '../../src/db/webhooks/webhook-events-repo.js';
import { storeWebhookBatch, type InboxBatchItem } from '../../src/db/sql/webhook-inbox-batch.js';
import type { HostawayClient } from '../../src/hostaway/client.js';
import type { HostawayConversation, HostawayMessage } from '../../src/hostaway/types.js';
import { createSilentLogger } from '../../src/logger.js';
import type { Simulator } from '../../src/simulator/index.js';
import { createWebhookEventApplier } from '../../src/sync/apply-webhook-event.js';
import { toThreadRow } from '../../src/sync/resources/thread-batches.js';
import { hashWebhookPassword } from '../../src/webhook/password-hash.js';
import { createRetryWorker } from '../../src/webhook/retry-worker.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { basic, inboxRows, metricValue, startWebhookServer } from '../helpers/webhook.js';
import { sleep } from '../helpers/sleep.js';

type Row = Record<string, unknown>;

let sim: Simulator;
let t: TestDatabase;
let client: HostawayClient;
let hook: Awaited<ReturnType<typeof startWebhookServer>>;
let A: number;
let B: number;
const authA = basic('hook-a', 'secret-a');
const global = basic('global', 'global-pw');
const customers = new Map<number, string>();

const reservationEvent = (accountId: number, data: Row, event = 'reservation.updated') => ({
  object: 'reservation',
  event,
  accountId,
  data,
});
const stored = async (accountId: number, id: number) =>
  (
    await t.db.query<{ raw: Row; xmin: string; xmax: string; updatedAt: Date }>(
      `SELECT raw_payload AS raw, xmin::text AS xmin, xmax::text AS xmax, updated_at AS "updatedAt"
       FROM hostaway.reservations WHERE account_id = $1 AND id = $2`,
      [accountId, id],
    )
  ).rows[0];
const thread = async (accountId: number, conversationId: number) =>
  (
    await t.db.query<{ messages: HostawayMessage[]; xmin: string }>(
      `SELECT raw_messages AS messages, xmin::text AS xmin FROM hostaway.messages
       WHERE account_id = $1 AND conversation_id = $2`,
      [accountId, conversationId],
    )
  ).rows[0];
const metrics = async () => (await fetch(`${hook.url}/metrics`)).text();

before(async () => {
  sim = await startSimulator({ seed: 11, accounts: 2, listings: 3, reservations: 12 });
  [A, B] = sim.accounts.map((a) => a.accountId) as [number, number];
  t = await createTestDatabase();
  for (const account of sim.accounts) {
    customers.set(account.accountId, randomUUID());
    await insertAccount(t.db, { ...account, customerId: customers.get(account.accountId)! });
  }
  await insertAccount(t.db, { accountId: 777, customerId: randomUUID(), clientSecret: 'x' });
  await deactivateAccount(t.db, 777);
  await saveWebhookCredentials(t.db, A, {
    login: 'hook-a',
    passwordHash: await hashWebhookPassword('secret-a'),
  });
  client = createTestClient(sim.baseUrl);
  hook = await startWebhookServer(t.db, client, {
    globalCredentials: { login: 'global', password: 'global-pw' },
  });
});
after(async () => {
  await hook.server.close();
  client.close();
  await sim.close();
  await t.drop();
});

describe('webhook listener over HTTP with the real database', () => {
  it('rejects wrong or missing credentials with 401 and stores nothing', async () => {
    const data = sim.listReservations(A)[0]!;
    for (const auth of [undefined, basic('hook-a', 'wrong'), basic('hook-b', 'secret-a'), 'Bearer x']) {
      assert.equal((await hook.post(reservationEvent(A, data), auth)).status, 401, String(auth));
    }
    // Account B has no credentials of its own: only the global pair opens it.
    assert.equal((await hook.post(reservationEvent(B, data), authA)).status, 401);
    assert.deepEqual(await inboxRows(t.db), []);
    assert.equal(await stored(A, Number(data.id)), undefined);
    assert.equal(metricValue(await metrics(), 'hostaway_webhook_auth_failures_total'), 5);
  });

  it('answers an unknown or inactive account id exactly as a known one with wrong credentials', async () => {
    const data = sim.listReservations(A)[0]!;
    for (const auth of [undefined, basic('hook-a', 'wrong'), basic('someone', 'guess')]) {
      const known = await hook.post(reservationEvent(A, data), auth);
      assert.equal(known.status, 401);
      assert.deepEqual(
        await hook.post(reservationEvent(4343, data), auth),
        known,
        `unknown, ${String(auth)}`,
      );
      assert.deepEqual(
        await hook.post(reservationEvent(777, data), auth),
        known,
        `inactive, ${String(auth)}`,
      );
    }
    assert.deepEqual(await inboxRows(t.db), []);
  });

  it('ignores unknown and inactive accounts and pings with 200', async () => {
    const data = sim.listReservations(A)[0]!;
    assert.deepEqual((await hook.post(reservationEvent(4242, data), global)).body, {
      status: 'ignored',
      reason: 'unknown-account',
    });
    assert.equal((await hook.post(reservationEvent(777, data), global)).body.reason, 'inactive');
    assert.equal((await hook.post({ data: 'test' })).body.reason, 'test');
    assert.deepEqual(await inboxRows(t.db), []);
  });

  it('stores flat and nested bodies: inbox row first, reservation exactly as delivered', async () => {
    const [first, second] = sim.listReservations(A) as [Row, Row];
    const flat = await hook.post(reservationEvent(A, first, 'reservation.created'), authA);
    assert.deepEqual(flat.body, {
      status: 'accepted',
      id: flat.body.id,
      inbox: 'applied',
      outcome: 'inserted',
    });
    const nested = { event: 'reservation.updated', accountId: A, payload: { data: second } };
    assert.equal((await hook.post(nested, authA, '/hostaway/webhooks/hostaway')).body.outcome, 'inserted');
    assert.deepEqual((await stored(A, Number(first.id)))!.raw, first);
    assert.deepEqual((await stored(A, Number(second.id)))!.raw, second);
    const { rows } = await t.db.query<{ customer: string; listing: number }>(
      'SELECT customer_id AS customer, listing_id AS listing FROM hostaway.reservations WHERE id = $1',
      [first.id],
    );
    assert.deepEqual(rows[0], { customer: customers.get(A), listing: first.listingMapId });
    const inbox = await inboxRows(t.db);
    assert.deepEqual(
      inbox.map((r) => [r.event, r.status, r.outcome, r.attempts]),
      [
        ['reservation.created', 'applied', 'inserted', 1],
        ['reservation.updated', 'applied', 'inserted', 1],
      ],
    );
    // The global pair works for an account without its own credentials.
    const third = sim.listReservations(B)[0]!;
    assert.equal((await hook.post(reservationEvent(B, third), global)).body.outcome, 'inserted');
  });

  it('a duplicate delivery writes no reservation row version and takes no row lock', async () => {
    const data = sim.listReservations(A)[0]!;
    const before = await stored(A, Number(data.id));
    const again = await hook.post(reservationEvent(A, data), authA);
    assert.equal(again.body.outcome, 'unchanged');
    const after = await stored(A, Number(data.id));
    assert.equal(after!.xmin, before!.xmin);
    assert.equal(after!.xmax, '0', 'ON CONFLICT would have locked the row');
    assert.deepEqual(after!.updatedAt, before!.updatedAt);
  });

  it('an older version delivered after a newer one never overwrites it', async () => {
    const base = sim.listReservations(A)[3]!;
    const newer = { ...base, updatedOn: '2031-05-02 10:00:01', guestNote: 'newer' };
    const older = { ...base, updatedOn: '2031-05-02 10:00:00', guestNote: 'older' };
    assert.equal((await hook.post(reservationEvent(A, newer), authA)).body.outcome, 'inserted');
    assert.equal((await hook.post(reservationEvent(A, older), authA)).body.outcome, 'unchanged');
    assert.deepEqual((await stored(A, Number(base.id)))!.raw, newer);
    const newest = { ...base, updatedOn: '2031-05-02 10:00:02', guestNote: 'newest' };
    assert.equal((await hook.post(reservationEvent(A, newest), authA)).body.outcome, 'updated');
    assert.deepEqual((await stored(A, Number(base.id)))!.raw, newest);
  });

  it('concurrent deliveries for one reservation keep the newest version', async () => {
    const base = sim.listReservations(A)[4]!;
    const versions = Array.from({ length: 16 }, (_, i) => ({
      ...base,
      updatedOn: `2032-01-01 00:00:${String(i + 10).padStart(2, '0')}`,
      version: i,
    }));
    const shuffled = [...versions].sort((a, b) => ((a.version * 7) % 16) - ((b.version * 7) % 16));
    const answers = await Promise.all(shuffled.map((v) => hook.post(reservationEvent(A, v), authA)));
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
    assert.deepEqual((await stored(A, Number(base.id)))!.raw, versions[15]);
    // Whatever the interleaving, the newest version is written and the row is created at most once.
    const outcomeOf = (version: number) =>
      answers[shuffled.findIndex((v) => v.version === version)]!.body.outcome;
    assert.notEqual(outcomeOf(15), 'unchanged', 'the newest version is written');
    const outcomes = answers.map((a) => a.body.outcome);
    assert.ok(
      outcomes.every((o) => ['inserted', 'updated', 'unchanged'].includes(String(o))),
      String(outcomes),
    );
    assert.ok(outcomes.filter((o) => o === 'inserted').length <= 1, String(outcomes));
  });

  it('merges message.received into the stored thread by id, oldest first, idempotently', async () => {
    const conversation = sim.listConversations(A)[0] as HostawayConversation;
    const messages = sim.listMessages(A, conversation.id) as HostawayMessage[];
    const row = toThreadRow(conversation, [...messages].reverse())!;
    await upsertThreads(t.db, { accountId: A, customerId: customers.get(A)!, rows: [row] });
    const added = sim.addMessage(A, conversation.id, { body: 'Is early check-in possible?', isIncoming: 1 });
    const event = { object: 'conversationMessage', event: 'message.received', accountId: A, data: added };
    assert.equal((await hook.post(event, authA)).body.outcome, 'merged');
    const merged = await thread(A, conversation.id);
    assert.equal(merged!.messages.length, messages.length + 1);
    assert.deepEqual(merged!.messages.at(-1), added);
    const again = await hook.post(event, authA);
    assert.equal(again.body.outcome, 'duplicate', 'an identical re-delivery is the stored event');
    assert.equal((await thread(A, conversation.id))!.xmin, merged!.xmin);
    const changedWrapper = await hook.post({ ...event, deliveredAgain: true }, authA);
    assert.equal(changedWrapper.body.outcome, 'unchanged', 'a new delivery of a known message');
    assert.equal((await thread(A, conversation.id))!.xmin, merged!.xmin);
    const early = {
      ...added,
      id: Number(added.id) + 1000,
      insertedOn: '2001-01-01 00:00:00',
      date: '2001-01-01 00:00:00',
    };
    assert.equal((await hook.post({ ...event, data: early }, authA)).body.outcome, 'merged');
    const ids = (await thread(A, conversation.id))!.messages.map((m) => m.id);
    assert.equal(ids[0], early.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('keeps a message for a thread not stored yet pending, then fetches the thread', async () => {
    const conversation = sim.listConversations(A)[1] as HostawayConversation;
    const added = sim.addMessage(A, conversation.id, { body: 'We will arrive at 6', isIncoming: 1 });
    const answer = await hook.post({ event: 'message.received', accountId: A, data: added }, authA);
    assert.deepEqual(
      [answer.status, answer.body.inbox, answer.body.outcome],
      [200, 'pending', 'thread-missing'],
    );
    assert.equal(await thread(A, conversation.id), undefined);
    sim.resetStats();
    assert.equal(await hook.server.app.worker.runOnce(), 1);
    const fetched = await thread(A, conversation.id);
    assert.ok(fetched!.messages.some((m) => m.id === added.id));
    assert.deepEqual(Object.keys(sim.stats.byEndpoint).sort(), [
      'GET /conversations/:id',
      'GET /conversations/:id/messages',
      'POST /accessTokens',
    ]);
    const last = (await inboxRows(t.db)).at(-1)!;
    assert.deepEqual(
      [last.status, last.attempts, last.outcome],
      ['applied', 1, 'merged'],
      'the message reached the mirror through its webhook (it counts towards coverage)',
    );
  });

  it('re-fetches a reservation excerpt once, however many events point at it', async () => {
    const full = sim.listReservations(A)[6]!;
    for (let i = 0; i < 3; i += 1) {
      // Three different deliveries (an identical one would be the same inbox event).
      const excerpt = { id: full.id, listingMapId: full.listingMapId, status: 'modified', step: i };
      const answer = await hook.post(reservationEvent(A, excerpt), authA);
      assert.deepEqual([answer.body.inbox, answer.body.outcome], ['pending', 'refetch']);
    }
    sim.resetStats();
    assert.equal(await hook.server.app.worker.runOnce(), 3);
    assert.equal(sim.stats.byEndpoint['GET /reservations/:id'], 1);
    assert.deepEqual((await stored(A, Number(full.id)))!.raw, full);
    const outcomes = (await inboxRows(t.db)).slice(-3).map((r) => [r.status, r.outcome]);
    assert.deepEqual(outcomes, [
      ['applied', 'inserted'],
      ['applied', 'unchanged'],
      ['applied', 'unchanged'],
    ]);
  });

  it('answers 413 past 1 MiB and 400 for malformed bodies, storing nothing', async () => {
    const count = (await inboxRows(t.db)).length;
    const big = {
      event: 'reservation.updated',
      accountId: A,
      data: { id: 1, notes: 'x'.repeat(1024 * 1024) },
    };
    assert.equal((await hook.post(big, authA)).status, 413);
    assert.equal((await hook.post('{"event": "reservation.updated", ', authA)).status, 400);
    assert.equal((await hook.post('', authA)).status, 400);
    assert.equal((await inboxRows(t.db)).length, count);
  });

  it('probes: /health and /ready answer 200, /metrics counts what happened', async () => {
    assert.equal((await fetch(`${hook.url}/health`)).status, 200);
    const ready = await fetch(`${hook.url}/ready`);
    assert.deepEqual([ready.status, await ready.json()], [200, { ready: true, status: 'ok' }]);
    const text = await metrics();
    const inbox = await inboxRows(t.db);
    const received = (event: string) =>
      metricValue(text, 'hostaway_webhook_events_received_total', `event="${event}"`);
    // Every delivery is received; identical re-deliveries share their event's inbox row.
    const duplicates = metricValue(
      text,
      'hostaway_webhook_events_applied_total',
      'event="message.received",outcome="duplicate"',
    );
    assert.equal(duplicates, 1);
    assert.equal(
      received('reservation.updated') + received('reservation.created') + received('message.received'),
      inbox.length + duplicates,
    );
    assert.equal(metricValue(text, 'hostaway_webhook_events_ignored_total', 'reason="unknown-account"'), 1);
    // Two merged on arrival, one after the worker fetched its thread.
    assert.equal(
      metricValue(text, 'hostaway_webhook_events_applied_total', 'event="message.received",outcome="merged"'),
      3,
    );
    assert.equal(metricValue(text, 'hostaway_webhook_inbox_backlog', 'status="pending"'), 0);
    assert.equal(metricValue(text, 'hostaway_webhook_requests_total', 'route="webhook",code="413"'), 1);
    assert.ok(
      metricValue(text, 'hostaway_webhook_request_duration_seconds_count', 'route="webhook"') >= inbox.length,
    );
  });
});

describe('webhook inbox: retries, replay, pruning', () => {
  const logger = createSilentLogger();
  const excerptEvent = (accountId: number, id: number): InboxBatchItem => ({
    accountId,
    event: 'reservation.updated',
    objectId: id,
    status: 'pending',
    outcome: 'refetch',
    attempts: 0,
    body: JSON.stringify({ event: 'reservation.updated', accountId, data: { id, status: 'modified' } }),
  });
  const insert = async (items: InboxBatchItem[]) => (await storeWebhookBatch(t.db, items)).map((e) => e.id);
  const applier = () => createWebhookEventApplier({ db: t.db, client, logger, random: () => 0.5 });
  const worker = () => createRetryWorker({ db: t.db, applier: applier(), logger });
  const row = async (id: number) =>
    (
      await t.db.query<{
        status: string;
        attempts: number;
        lastError: string | null;
        dueInMs: number | null;
      }>(
        `SELECT status, attempts, last_error AS "lastError",
           (extract(epoch FROM next_attempt_at - now()) * 1000)::int AS "dueInMs"
         FROM hostaway.webhook_events WHERE id = $1`,
        [id],
      )
    ).rows[0]!;

  it('retries a failed re-fetch with backoff, gives up after the last attempt, and replays', async () => {
    const reservation = sim.listReservations(A)[7]!;
    const [id] = await insert([excerptEvent(A, Number(reservation.id))]);
    sim.injectFaults({ kind: '500', count: 4, pathPrefix: '/v1/reservations/' });
    assert.equal(await worker().runOnce(), 1);
    const retried = await row(id!);
    assert.deepEqual([retried.status, retried.attempts], ['pending', 1]);
    assert.match(retried.lastError!, /500/);
    assert.ok(retried.dueInMs! > 9_000 && retried.dueInMs! <= 10_000, `due in ${retried.dueInMs} ms`);
    assert.equal(await worker().runOnce(), 0, 'not due yet');

    await t.db.query(
      'UPDATE hostaway.webhook_events SET attempts = 11, next_attempt_at = now() WHERE id = $1',
      [id],
    );
    sim.injectFaults({ kind: '500', count: 4, pathPrefix: '/v1/reservations/' });
    assert.equal(await worker().runOnce(), 1);
    assert.deepEqual([(await row(id!)).status, (await row(id!)).attempts], ['failed', 12]);
    assert.deepEqual(await countWebhookBacklog(t.db).then((b) => [b.pending, b.failed]), [0, 1]);

    // webhook replay: the failed event gets one more attempt, now that Hostaway answers.
    const ids = await findWebhookEventIds(t.db, { status: 'failed' });
    assert.deepEqual(ids, [id]);
    const claimed = await claimWebhookEvents(t.db, ids, 60_000);
    await recordWebhookEventResults(t.db, await applier().apply(claimed));
    assert.deepEqual([(await row(id!)).status, (await row(id!)).attempts], ['applied', 13]);
    assert.deepEqual((await stored(A, Number(reservation.id)))!.raw, reservation);
  });

  it('fails at once for a reservation Hostaway no longer has, or an inactive account', async () => {
    const [gone, inactive] = await insert([excerptEvent(A, 99_999_999), excerptEvent(777, 1)]);
    assert.equal(await worker().runOnce(), 2);
    const goneRow = await row(gone!);
    assert.deepEqual([goneRow.status, goneRow.attempts], ['failed', 1]);
    assert.match(goneRow.lastError!, /404/);
    assert.match((await row(inactive!)).lastError!, /account 777 is inactive/);
  });

  it('lists events by account, status, time and id', async () => {
    const all = await listWebhookEvents(t.db);
    assert.ok(all.length >= 3);
    assert.ok(
      all.every((e, i) => i === 0 || e.id < all[i - 1]!.id),
      'newest first',
    );
    assert.deepEqual(
      (await listWebhookEvents(t.db, { accountIds: [777] })).map((e) => e.accountId),
      [777],
    );
    const failed = await listWebhookEvents(t.db, { status: 'failed', limit: 10_000 });
    const { rows: counted } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM hostaway.webhook_events WHERE status = 'failed'`,
    );
    assert.ok(counted[0]!.n >= 2, 'the previous test left failed events');
    assert.equal(failed.length, counted[0]!.n);
    assert.ok(failed.every((e) => e.status === 'failed'));
    assert.deepEqual(await listWebhookEvents(t.db, { since: new Date(Date.now() + 60_000) }), []);
    assert.deepEqual(
      (await listWebhookEvents(t.db, { ids: [all[0]!.id], limit: 5 })).map((e) => e.id),
      [all[0]!.id],
    );
  });

  it('prunes applied events past the retention period, never pending or failed ones', async () => {
    // Distinct bodies: identical ones would be one inbox event.
    const make = (status: 'applied' | 'failed' | 'pending', id: number): InboxBatchItem => ({
      ...excerptEvent(A, id),
      status,
    });
    const [oldApplied, oldFailed, oldPending, recent] = await insert([
      make('applied', 1),
      make('failed', 2),
      make('pending', 3),
      make('applied', 4),
    ]);
    await t.db.query(
      `UPDATE hostaway.webhook_events SET received_at = now() - interval '10 days',
         next_attempt_at = CASE WHEN status = 'pending' THEN now() + interval '1 hour' END
       WHERE id = ANY($1::bigint[])`,
      [[oldApplied, oldFailed, oldPending]],
    );
    const live = createRetryWorker({
      db: t.db,
      applier: applier(),
      logger,
      retentionDays: 7,
      pruneEveryMs: 1,
      pollMs: 20,
    });
    live.start();
    for (let i = 0; i < 100 && (await listWebhookEvents(t.db, { ids: [oldApplied!] })).length > 0; i += 1)
      await sleep(20);
    await live.stop();
    const ids = [oldApplied!, oldFailed!, oldPending!, recent!];
    const left = (await listWebhookEvents(t.db, { ids })).map((e) => e.id);
    assert.deepEqual(left.sort(), [oldFailed!, oldPending!, recent!].sort());
    assert.equal(await pruneWebhookEvents(t.db, new Date(Date.now() - 7 * 86_400_000)), 0);
  });
});
