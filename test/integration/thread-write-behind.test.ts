import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import type { SyncEvent } from '../../src/sync/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, createTestEngine, storedMirror } from '../helpers/sync.js';

// A page's threads are written while the next page's messages are fetched: what was fetched must still be
// stored (and counted) when the pass stops after a page, and when it ends.
describe('threads written behind the message fetches', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let accountId: number;

  before(async () => {
    sim = await startSimulator({ seed: 11, listings: 4, reservations: 250 });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
    accountId = sim.accounts[0]!.accountId;
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  const storedThreads = async () =>
    new Map((await storedMirror(t.db, accountId)).threads.map((r) => [Number(r.conversation_id), r]));

  it('a full sync stopped after the first conversation page stores every thread of that page', async () => {
    const client = createTestClient(sim.baseUrl);
    const controller = new AbortController();
    const onEvent = (event: SyncEvent) => {
      if (event.type === 'resource.page' && event.resource === 'threads') controller.abort('SIGTERM');
    };
    const stopped = await createTestEngine(t.db, client, { onEvent, signal: controller.signal }).runFull(
      accountId,
    );
    assert.equal(stopped.status, 'interrupted');
    const firstPage = sim.listConversations(accountId).slice(0, 100);
    const stored = await storedThreads();
    assert.equal(stored.size, firstPage.length);
    for (const conversation of firstPage) {
      const row = stored.get(Number(conversation.id));
      assert.ok(row, `thread ${conversation.id} stored`);
      assert.deepEqual(
        (row.raw_messages as { id: number }[]).map((m) => Number(m.id)).sort((a, b) => a - b),
        sim
          .listMessages(accountId, Number(conversation.id))
          .map((m) => Number(m.id))
          .sort((a, b) => a - b),
      );
    }
    client.close();
  });

  it('the next full sync writes the rest, counts every write, and a third writes nothing', async () => {
    const client = createTestClient(sim.baseUrl);
    const conversations = sim.listConversations(accountId);
    const full = await createTestEngine(t.db, client).runFull(accountId);
    assert.equal(full.status, 'succeeded');
    assert.equal(full.resources.threads!.inserted, conversations.length - 100);
    assert.equal((await storedThreads()).size, conversations.length);
    const again = await createTestEngine(t.db, client).runFull(accountId);
    assert.equal(again.resources.threads!.inserted + again.resources.threads!.updated, 0);
    assert.equal(again.resources.threads!.unchanged, conversations.length);
    client.close();
  });
});
