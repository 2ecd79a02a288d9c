import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { saveWebhookCredentials } from '../../src/db/webhooks/webhook-accounts-repo.js';
import type { HostawayClient } from '../../src/hostaway/client.js';
import { createUnifiedWebhook } from '../../src/hostaway/unified-webhooks.js';
import type { Simulator, SimulatorOptions } from '../../src/simulator/index.js';
import type { SyncEngine } from '../../src/sync/engine.js';
import { hashWebhookPassword } from '../../src/webhook/password-hash.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';
import { metricValue, startWebhookServer } from '../helpers/webhook.js';
import { getStatusReport } from '../../src/sync/status.js';
import { runDueAccounts } from '../../src/sync/run-due.js';
import { createSilentLogger } from '../../src/logger.js';
import { renderFleetMetrics } from '../../src/observability/fleet-metrics.js';

type Row = Record<string, unknown>;

describe('webhook mode: chosen from evidence, tightened by the safety net', () => {
  const delivery: NonNullable<SimulatorOptions['webhookDelivery']> = { retryDelaysMs: [5] };
  let sim: Simulator;
  let t: TestDatabase;
  let client: HostawayClient;
  let engine: SyncEngine;
  let hook: Awaited<ReturnType<typeof startWebhookServer>>;
  let accountId: number;
  let webhookId: number;
  /** The simulator's clock: each change lands in a later second than the one before (updatedOn has seconds). */
  let clock = Date.now();

  const mode = async () =>
    (
      await t.db.query<{ mode: string; reason: string | null }>(
        'SELECT webhook_mode AS mode, webhook_mode_reason AS reason FROM hostaway.accounts WHERE account_id = $1',
        [accountId],
      )
    ).rows[0]!;
  const incremental = async () => {
    sim.resetStats();
    const result = await engine.run(accountId, 'incremental');
    assert.equal(result.status, 'succeeded', JSON.stringify(result.error));
    return { result, polled: (endpoint: string) => (sim.stats.byEndpoint[endpoint] ?? 0) > 0 };
  };
  /** Time passes: the webhook-mode cadence of reservations and threads has elapsed. */
  const safetyNetDue = () =>
    t.db.query(
      `UPDATE hostaway.sync_state SET last_incremental_success_at = last_incremental_success_at - interval '2 hours',
         last_full_success_at = last_full_success_at - interval '2 hours'
       WHERE account_id = $1`,
      [accountId],
    );
  const reservationIds = () => sim.listReservations(accountId).map((r) => Number(r['id']));
  const deliver = async (count: number) => {
    clock += 60_000;
    for (const id of reservationIds().slice(0, count))
      sim.updateReservation(accountId, id, { guestNote: `n${id}` });
    await sim.settleWebhooks();
  };

  before(async () => {
    sim = await startSimulator({
      seed: 31,
      listings: 2,
      reservations: 8,
      webhookDelivery: delivery,
      now: () => new Date(clock),
    });
    accountId = sim.accounts[0]!.accountId;
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
    client = createTestClient(sim.baseUrl);
    engine = createTestEngine(t.db, client, {
      settings: { webhookHealthyDeliveries: 2, webhookPollSeconds: 3600 },
    });
    await engine.runFull(accountId);
    await saveWebhookCredentials(t.db, accountId, {
      login: 'hook',
      passwordHash: await hashWebhookPassword('pw'),
    });
    hook = await startWebhookServer(t.db, client);
    const api = client.forAccount(sim.accounts[0]!);
    ({ id: webhookId } = await createUnifiedWebhook(api, {
      url: `${hook.url}/webhooks/hostaway`,
      login: 'hook',
      password: 'pw',
    }));
  });
  after(async () => {
    await hook.server.close();
    client.close();
    await sim.close();
    await t.drop();
  });

  it('stays polling until deliveries prove healthy, then leaves reservations and threads to webhooks', async () => {
    await incremental();
    assert.deepEqual(await mode(), { mode: 'polling', reason: 'waiting for deliveries (0 of 2)' });
    await deliver(2);
    const promoted = await incremental();
    assert.ok(promoted.polled('GET /reservations'));
    assert.deepEqual(await mode(), { mode: 'webhook', reason: '2 deliveries received and a clean poll' });

    await deliver(1);
    const { result, polled } = await incremental();
    assert.equal(polled('GET /reservations'), false, 'reservations are not polled on the short cadence');
    assert.equal(polled('GET /conversations'), false, 'threads are not polled on the short cadence');
    assert.ok(polled('GET /listings'), 'listings keep their cadence');
    assert.deepEqual(Object.keys(result.resources), ['listings']);
    assert.equal((await mode()).mode, 'webhook');
  });

  it('listings keep a cadence of their own in webhook mode when one is set; status allows each its cadence', async () => {
    const slowListings = createTestEngine(t.db, client, {
      settings: { webhookHealthyDeliveries: 2, webhookPollSeconds: 3600, webhookListingsPollSeconds: 3600 },
    });
    sim.resetStats();
    const run = await slowListings.run(accountId, 'incremental');
    assert.equal(run.status, 'succeeded', JSON.stringify(run.error));
    assert.equal(sim.stats.byEndpoint['GET /listings'] ?? 0, 0, 'listings wait for their own cadence');
    assert.equal((await mode()).mode, 'webhook');

    // 45 minutes on: inside every webhook-mode cadence, so `status --max-age 30m` stays healthy.
    await t.db.query(
      `UPDATE hostaway.sync_state SET last_incremental_success_at = last_incremental_success_at - interval '45 minutes',
         last_full_success_at = last_full_success_at - interval '45 minutes'
       WHERE account_id = $1`,
      [accountId],
    );
    const maxAgeMs = 30 * 60_000;
    const report = await getStatusReport(t.db, {
      maxAgeMs,
      settings: { webhookPollSeconds: 3600, webhookListingsPollSeconds: 3600 },
    });
    assert.deepEqual(report.accounts[0]!.problems, []);
    // Listings polled every run (the default) are stale at the same lag; reservations and threads are not.
    const every = await getStatusReport(t.db, { maxAgeMs, settings: { webhookPollSeconds: 3600 } });
    assert.deepEqual(
      every.accounts[0]!.problems.map((p) => p.split(' ')[0]),
      ['listings'],
    );
  });

  it('`--due` runs a webhook-mode account when a resource falls due, not every cadence; a tightened one every cadence', async () => {
    const hourlyListings = createTestEngine(t.db, client, {
      settings: { webhookHealthyDeliveries: 2, webhookPollSeconds: 3600, webhookListingsPollSeconds: 3600 },
    });
    const dueRun = async () => {
      await t.db.query(
        "UPDATE hostaway.accounts SET incremental_due_at = now() - interval '1 second' WHERE account_id = $1",
        [accountId],
      );
      const [result] = await runDueAccounts(
        { db: t.db, engine: hourlyListings, logger: createSilentLogger() },
        {
          mode: 'incremental',
          pool: 'default',
          accountCadenceMs: 60_000,
          until: Date.now() + 60_000,
          workers: 1,
        },
      );
      assert.equal(result?.status, 'succeeded', JSON.stringify(result?.error));
      const { rows } = await t.db.query<{ inSeconds: number }>(
        `SELECT extract(epoch FROM incremental_due_at - now())::float AS "inSeconds"
           FROM hostaway.accounts WHERE account_id = $1`,
        [accountId],
      );
      return { result: result!, dueInSeconds: rows[0]!.inSeconds };
    };
    await deliver(2);
    await incremental();
    assert.equal((await mode()).mode, 'webhook');
    // Every resource was read within the hour (the test before moved them 45 minutes back) and each is read
    // hourly in webhook mode: nothing is due until the first of them, so the account is not claimed every
    // minute in between.
    await dueRun();
    const idle = await dueRun();
    assert.ok(idle.result.idleUntil, 'the run says until when nothing is due');
    assert.ok(idle.dueInSeconds > 10 * 60, `next due in ${idle.dueInSeconds} s, not at the 60-s cadence`);
    assert.ok(idle.dueInSeconds <= 3600, `next due in ${idle.dueInSeconds} s, within the safety net's hour`);

    // Listings read every run (the default): the account cadence again.
    const everyRun = await incremental();
    assert.equal(everyRun.result.idleUntil, undefined);
  });

  it('a lost webhook is repaired by the safety net within its cadence and tightens the account', async () => {
    delivery.lossRate = 1;
    clock += 60_000;
    const [lostId] = reservationIds();
    const lost = sim.updateReservation(accountId, lostId!, { guestNote: 'lost on the way' });
    await sim.settleWebhooks();
    delivery.lossRate = 0;
    await incremental();
    const stored = async () =>
      (
        await t.db.query<{ raw: Row }>(
          'SELECT raw_payload AS raw FROM hostaway.reservations WHERE account_id = $1 AND id = $2',
          [accountId, lostId],
        )
      ).rows[0]!.raw;
    assert.notEqual((await stored())['guestNote'], 'lost on the way', 'not polled before its cadence');

    await safetyNetDue();
    const net = await incremental();
    assert.ok(net.polled('GET /reservations'));
    assert.equal((await stored())['updatedOn'], lost['updatedOn']);
    assert.equal(net.result.resources['reservations']?.missedByWebhooks, 1);
    assert.deepEqual(await mode(), {
      mode: 'polling',
      reason: 'a poll found 1 changes the webhooks did not deliver',
    });
    assert.equal(net.result.idleUntil, undefined, 'a tightened account is due again at the cadence');
    assert.ok((await incremental()).polled('GET /reservations'), 'polled on the short cadence again');
  });

  /** A guest message and a host message in the account's first conversation (only the guest's is sent as a webhook). */
  const converse = async (text: string) => {
    clock += 60_000;
    const conversationId = Number(sim.listConversations(accountId)[0]!['id']);
    const guest = sim.addMessage(accountId, conversationId, { body: `${text}?`, isIncoming: 1 });
    sim.addMessage(accountId, conversationId, { body: `${text}.`, isIncoming: 0 });
    await sim.settleWebhooks();
    return { conversationId, guest };
  };
  const backToWebhookMode = async () => {
    await deliver(2);
    await incremental();
    assert.equal((await mode()).mode, 'webhook');
  };

  it('a lost message webhook is found by the safety-net poll of threads and tightens the account', async () => {
    await backToWebhookMode();
    delivery.lossRate = 1;
    const { conversationId, guest } = await converse('lost on the way');
    delivery.lossRate = 0;
    await safetyNetDue();
    const net = await incremental();
    assert.ok(net.polled('GET /conversations'));
    const thread = await t.db.query<{ ids: unknown[] }>(
      `SELECT ARRAY(SELECT e->'id' FROM jsonb_array_elements(raw_messages) e) AS ids FROM hostaway.messages
       WHERE account_id = $1 AND conversation_id = $2`,
      [accountId, conversationId],
    );
    assert.ok(thread.rows[0]!.ids.includes(guest['id']), 'the poll stored the lost message');
    assert.equal(net.result.resources['threads']?.missedByWebhooks, 1, 'the guest message, not the host one');
    assert.deepEqual(await mode(), {
      mode: 'polling',
      reason: 'a poll found 1 changes the webhooks did not deliver',
    });
  });

  it('coverage: changes a webhook stored first over all changes, per account and fleet-wide', async () => {
    await t.db.query('DELETE FROM hostaway.webhook_coverage WHERE account_id = $1', [accountId]);
    await backToWebhookMode(); // 2 reservations by webhook
    await converse('delivered'); // 1 guest message by webhook
    delivery.lossRate = 1;
    await deliver(1); // 1 reservation lost
    await converse('lost'); // 1 guest message lost
    delivery.lossRate = 0;
    await safetyNetDue();
    await incremental(); // finds both lost changes

    const report = await getStatusReport(t.db);
    const expected = { webhookFirst: 3, pollFirst: 2, ratio: 3 / 5 };
    assert.deepEqual(report.accounts[0]!.webhookMode.coverage, expected);
    assert.deepEqual(report.webhookCoverage, expected);
    const text = await renderFleetMetrics(report, []);
    assert.equal(metricValue(text, 'hostaway_webhook_coverage_ratio', ''), 0.6);
    const changes = (firstSeen: string) =>
      metricValue(
        text,
        'hostaway_account_webhook_changes',
        `account="${accountId}",first_seen="${firstSeen}"`,
      );
    assert.deepEqual([changes('webhook'), changes('poll')], [3, 2]);
  });

  it('a webhook disabled in Hostaway is noticed at the next safety-net poll', async () => {
    await deliver(2);
    await incremental();
    assert.equal((await mode()).mode, 'webhook');
    sim.setWebhookEnabled(accountId, webhookId, false);
    // Between safety-net polls the hook is not looked up (it would cost two requests every run).
    await incremental();
    const hookReads = Object.keys(sim.stats.byEndpoint).filter((e) => /unifiedWebhook/i.test(e));
    assert.deepEqual(hookReads, []);
    assert.equal((await mode()).mode, 'webhook');
    await safetyNetDue();
    await incremental();
    assert.deepEqual(await mode(), { mode: 'polling', reason: 'the webhook is disabled in Hostaway' });
    assert.ok((await incremental()).polled('GET /reservations'));

    const report = await getStatusReport(t.db);
    assert.deepEqual(
      report.accounts.map((a) => [a.webhookMode.mode, a.webhookMode.reason, a.webhookMode.credentials]),
      [['polling', 'the webhook is disabled in Hostaway', true]],
    );
    const text = await renderFleetMetrics(report, []);
    assert.equal(metricValue(text, 'hostaway_accounts_webhook_mode', 'mode="polling"'), 1);
    assert.match(text, /hostaway_accounts_webhook_mode\{mode="webhook"\} 0/);
  });
});
