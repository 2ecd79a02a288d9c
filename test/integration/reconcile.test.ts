import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { updateAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Simulator } from '../../src/simulator/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, byId, createTestEngine, storedMirror } from '../helpers/sync.js';

const pages = (n: number) => Math.max(1, Math.ceil(n / 100));

describe('sync reconcile: the nightly pass', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let accountId: number;
  const VERIFY = 4;
  const engine = () => createTestEngine(t.db, createTestClient(sim.baseUrl), { verifyThreadsPerRun: VERIFY });

  before(async () => {
    sim = await startSimulator({ seed: 12, accounts: 1, listings: 4, reservations: 230 });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
    accountId = sim.accounts[0]!.accountId;
    // The core three only: the pass's requests are counted below.
    await updateAccount(t.db, accountId, { resources: [] });
    const [full] = await engine().runMany([accountId], 'full');
    assert.equal(full!.status, 'succeeded');
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  /** The ids of the `n` live stored threads after the verification cursor in id order, as reconcile picks them. */
  const nextToVerify = async (n: number) => {
    const { rows: state } = await t.db.query<{ through: number | null }>(
      `SELECT (cursor->>'verifiedThrough')::bigint AS through FROM hostaway.sync_state
       WHERE account_id = $1 AND resource = 'threads'`,
      [accountId],
    );
    const through = Number(state[0]?.through ?? 0);
    const { rows } = await t.db.query<{ id: number }>(
      `SELECT conversation_id AS id FROM hostaway.messages WHERE account_id = $1 AND deleted_at IS NULL
       ORDER BY conversation_id <= $2, conversation_id LIMIT $3`,
      [accountId, through, n],
    );
    return rows.map((r) => Number(r.id));
  };

  it('with nothing changed costs the list pages plus the verification budget, and writes nothing', async () => {
    const verified = await nextToVerify(VERIFY);
    const messagePages = verified.reduce((sum, id) => sum + pages(sim.listMessages(accountId, id).length), 0);
    const listPages =
      pages(sim.listListings(accountId).length) +
      pages(sim.listReservations(accountId).length) +
      pages(sim.listConversations(accountId).length);
    const [run] = await engine().runMany([accountId], 'reconcile');
    assert.equal(run!.status, 'succeeded', run!.error?.message);
    assert.equal(run!.apiRequests, listPages + messagePages);
    for (const r of Object.values(run!.resources)) {
      assert.equal(r.inserted + r.updated + r.deleted, 0);
      assert.equal(r.complete, true);
    }
    const after = await nextToVerify(VERIFY);
    assert.equal(
      after.filter((id) => verified.includes(id)).length,
      0,
      'the cursor moves past the verified threads',
    );
  });

  it('fetches only changed threads, proves deletions with Hostaway and mirrors the simulator', async () => {
    const conversations = sim.listConversations(accountId);
    const changed = Number(conversations[5]!.id);
    sim.addMessage(accountId, changed, { body: 'late question' });
    const gone = Number(sim.listReservations(accountId)[7]!.id);
    sim.deleteReservation(accountId, gone);
    const [run] = await engine().runMany([accountId], 'reconcile');
    assert.equal(run!.status, 'succeeded', run!.error?.message);
    assert.equal(run!.resources.reservations!.deleted, 1);
    assert.equal(run!.resources.reservations!.deletionChecks, 1, 'one GET answered 404');
    assert.ok(run!.resources.threads!.updated >= 1);
    const mirror = await storedMirror(t.db, accountId);
    assert.deepEqual(
      mirror.reservations.filter((r) => r.deleted_at === null).map((r) => r.raw_payload),
      byId(sim.listReservations(accountId)),
    );
    assert.deepEqual(
      mirror.reservations.filter((r) => r.deleted_at !== null).map((r) => Number(r.id)),
      [gone],
    );
    const thread = mirror.threads.find((r) => Number(r.conversation_id) === changed)!;
    assert.equal((thread.raw_messages as unknown[]).length, sim.listMessages(accountId, changed).length);
  });
});
