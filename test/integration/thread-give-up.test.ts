import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { updateAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Simulator } from '../../src/simulator/index.js';
import { getStatusReport } from '../../src/sync/status.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';
import { metricValue, startWebhookServer } from '../helpers/webhook.js';

const MAX_ATTEMPTS = 3;
const MESSAGES = 'GET /conversations/:id/messages';

/**
 * A thread whose messages endpoint fails MAX_ATTEMPTS incremental runs in a row is given up: incremental runs
 * stop retrying that version. They still fetch it as soon as the conversation changes, and while it is given
 * up no run is a plain success and status, status --json and /metrics show it.
 */
describe('a given-up message thread', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let accountId: number;
  let thread: number;
  const engine = () =>
    createTestEngine(t.db, createTestClient(sim.baseUrl), { threadMaxAttempts: MAX_ATTEMPTS });
  const incremental = async () => (await engine().runMany([accountId], 'incremental'))[0]!;
  const failure = async () =>
    (
      await t.db.query<{ attempts: number }>(
        'SELECT attempts FROM hostaway.thread_failures WHERE account_id = $1 AND conversation_id = $2',
        [accountId, thread],
      )
    ).rows[0];
  const storedBodies = async () =>
    (
      await t.db.query<{ messages: { body: string }[] }>(
        'SELECT raw_messages AS messages FROM hostaway.messages WHERE account_id = $1 AND conversation_id = $2',
        [accountId, thread],
      )
    ).rows[0]!.messages.map((m) => m.body);

  before(async () => {
    sim = await startSimulator({ seed: 31, accounts: 1, listings: 3, reservations: 40 });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
    accountId = sim.accounts[0]!.accountId;
    await updateAccount(t.db, accountId, { resources: [] });
    const [full] = await engine().runMany([accountId], 'full');
    assert.equal(full!.status, 'succeeded');
    thread = Number(sim.listConversations(accountId)[3]!.id);
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  it('is given up after failing runs in a row, and a run that leaves it behind is partial, not a success', async () => {
    sim.addMessage(accountId, thread, { body: 'Is early check-in possible?', isIncoming: 1 });
    sim.injectFaults({ kind: '500', pathPrefix: `/v1/conversations/${thread}/messages`, count: 100_000 });
    for (let run = 1; run <= MAX_ATTEMPTS; run += 1) {
      const result = await incremental();
      assert.equal(result.status, 'partial', `run ${run}`);
      assert.deepEqual(result.resources.threads!.failedIds, [thread]);
    }
    assert.equal((await failure())?.attempts, MAX_ATTEMPTS);
    sim.resetStats();
    const idle = await incremental();
    assert.equal(sim.stats.byEndpoint[MESSAGES] ?? 0, 0, 'the given-up version is not retried');
    assert.equal(idle.status, 'partial', 'a run that leaves a given-up thread behind is not a success');
    assert.deepEqual(idle.resources.threads!.givenUpIds, [thread]);
    assert.match(idle.error!.message, /given up/);
  });

  it('shows in status, status --json (the ids) and /metrics', async () => {
    const report = await getStatusReport(t.db, { settings: { threadMaxAttempts: MAX_ATTEMPTS } });
    const account = report.accounts.find((a) => a.accountId === accountId)!;
    assert.deepEqual(account.threadFailures, { retrying: 0, givenUp: 1, givenUpIds: [thread] });
    assert.equal(account.healthy, false, 'status and the exit code of the runs agree');
    assert.match(account.problems.join(), new RegExp(`1 message thread\\(s\\) given up: ${thread}`));
    const hook = await startWebhookServer(t.db, createTestClient(sim.baseUrl), {
      settings: { threadMaxAttempts: MAX_ATTEMPTS },
    });
    try {
      const text = await (await fetch(`${hook.url}/metrics`)).text();
      assert.equal(metricValue(text, 'hostaway_threads_given_up', `account="${accountId}"`), 1);
    } finally {
      await hook.server.close();
    }
  });

  it('a changed conversation is fetched again, with fresh attempts for its new version', async () => {
    sim.addMessage(accountId, thread, { body: 'Hello?', isIncoming: 1 });
    sim.resetStats();
    const result = await incremental();
    assert.ok((sim.stats.byEndpoint[MESSAGES] ?? 0) > 0, 'the new version is fetched');
    assert.equal(result.status, 'partial');
    assert.deepEqual(result.resources.threads!.failedIds, [thread]);
    assert.equal((await failure())?.attempts, 1, 'a new version starts its attempts again');
  });

  it('once the endpoint recovers, a new message is stored and the failure forgotten', async () => {
    for (let run = 2; run <= MAX_ATTEMPTS; run += 1) await incremental();
    assert.equal((await failure())?.attempts, MAX_ATTEMPTS, 'given up again');
    sim.clearFaults();
    sim.addMessage(accountId, thread, { body: 'URGENT: guest cannot get in', isIncoming: 1 });
    const result = await incremental();
    assert.equal(result.status, 'succeeded', result.error?.message);
    const bodies = await storedBodies();
    assert.deepEqual(
      [...bodies].sort(),
      sim
        .listMessages(accountId, thread)
        .map((m) => String(m.body))
        .sort(),
    );
    assert.ok(bodies.includes('URGENT: guest cannot get in'));
    assert.equal(await failure(), undefined);
    const report = await getStatusReport(t.db, { settings: { threadMaxAttempts: MAX_ATTEMPTS } });
    assert.equal(report.accounts[0]!.healthy, true, report.accounts[0]!.problems.join());
  });
});
