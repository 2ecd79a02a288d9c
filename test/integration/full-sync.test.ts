import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deactivateAccount, deleteAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Simulator } from '../../src/simulator/index.js';
import type { SyncEvent } from '../../src/sync/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, byId, createTestEngine, storedMirror } from '../helpers/sync.js';

describe('full sync against the simulator', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let accountA: number;
  let accountB: number;

  before(async () => {
    sim = await startSimulator({ seed: 3, accounts: 2, listings: 12, reservations: 260 });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
    [accountA, accountB] = sim.accounts.map((a) => a.accountId) as [number, number];
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  it('stores every object exactly as served, for each account separately', async () => {
    const client = createTestClient(sim.baseUrl);
    const results = await createTestEngine(t.db, client).runMany([accountA, accountB], 'full');
    assert.deepEqual(
      results.map((r) => r.status),
      ['succeeded', 'succeeded'],
    );
    for (const accountId of [accountA, accountB]) {
      const mirror = await storedMirror(t.db, accountId);
      assert.deepEqual(
        mirror.listings.map((r) => r.raw_payload),
        byId(sim.listListings(accountId)),
      );
      assert.deepEqual(
        mirror.reservations.map((r) => r.raw_payload),
        byId(sim.listReservations(accountId)),
      );
      const conversations = byId(sim.listConversations(accountId));
      assert.deepEqual(
        mirror.threads.map((r) => r.raw_conversation),
        conversations,
      );
      for (const [i, row] of mirror.threads.entries()) {
        const served = sim.listMessages(accountId, Number(conversations[i]!.id));
        assert.deepEqual(
          new Set((row.raw_messages as { id: number }[]).map((m) => m.id)),
          new Set(served.map((m) => m.id)),
        );
        assert.equal((row.raw_messages as unknown[]).length, served.length);
      }
      for (const row of mirror.reservations) {
        assert.equal(row.listing_id, (row.raw_payload as { listingMapId: number }).listingMapId);
      }
    }
    const [a] = results;
    assert.equal(a!.resources.reservations!.inserted, 260);
    assert.equal(a!.resources.threads!.inserted, sim.listConversations(accountA).length);
    client.close();
  });

  it('a second full sync updates nothing and leaves updated_at untouched', async () => {
    const before = await storedMirror(t.db, accountA);
    const client = createTestClient(sim.baseUrl);
    const result = await createTestEngine(t.db, client).runFull(accountA);
    for (const resource of ['listings', 'reservations', 'threads'] as const) {
      assert.equal(result.resources[resource]!.inserted, 0, resource);
      assert.equal(result.resources[resource]!.updated, 0, resource);
    }
    assert.deepEqual(await storedMirror(t.db, accountA), before);
    client.close();
  });

  it('updates changed payloads and moves a reservation to its new listing', async () => {
    const [first, second] = byId(sim.listReservations(accountA));
    const otherListing = sim.listListings(accountA).find((l) => l.id !== first!.listingMapId)!;
    sim.moveReservation(accountA, Number(first!.id), Number(otherListing.id));
    sim.cancelReservation(accountA, Number(second!.id));
    const before = await storedMirror(t.db, accountA);
    const client = createTestClient(sim.baseUrl);
    const result = await createTestEngine(t.db, client).runFull(accountA);
    assert.equal(result.resources.reservations!.updated, 2);
    const after = await storedMirror(t.db, accountA);
    const moved = after.reservations.find((r) => r.id === first!.id)!;
    assert.equal(moved.listing_id, otherListing.id);
    assert.equal(
      (after.reservations.find((r) => r.id === second!.id)!.raw_payload as { status: string }).status,
      'cancelled',
    );
    const untouched = after.reservations.filter((r) => r.id !== first!.id && r.id !== second!.id);
    const beforeUntouched = before.reservations.filter((r) => r.id !== first!.id && r.id !== second!.id);
    assert.deepEqual(
      untouched.map((r) => r.updated_at),
      beforeUntouched.map((r) => r.updated_at),
    );
    assert.ok(
      (moved.updated_at as Date) > (before.reservations.find((r) => r.id === first!.id)!.updated_at as Date),
    );
    client.close();
  });

  it('keeps the other threads when one thread keeps failing, and reports it', async () => {
    const conversation = sim.listConversations(accountB)[0]!;
    sim.addMessage(accountB, Number(conversation.id), { body: 'new message' });
    sim.injectFaults({ kind: '500', count: 50, pathPrefix: `/v1/conversations/${conversation.id}/messages` });
    const client = createTestClient(sim.baseUrl, {
      http: { timeoutMs: 2000, maxRetries: 1, retryBaseMs: 1, rateLimitBackoffMs: 1 },
    });
    const result = await createTestEngine(t.db, client).runFull(accountB);
    sim.clearFaults();
    assert.equal(result.status, 'partial');
    assert.deepEqual(result.resources.threads!.failedIds, [conversation.id]);
    assert.equal(result.resources.reservations!.status, 'succeeded');
    const runs = await t.db.query<{ status: string }>(
      'SELECT status FROM hostaway.sync_runs WHERE account_id = $1 ORDER BY id DESC LIMIT 1',
      [accountB],
    );
    assert.equal(runs.rows[0]!.status, 'partial');
    client.close();
  });

  it('a full sync stopped after a conversation page stores every thread of that page', async () => {
    // Threads are written behind the next page's message fetches: a stop must still store what was fetched.
    await t.db.query('DELETE FROM hostaway.messages WHERE account_id = $1', [accountB]);
    const client = createTestClient(sim.baseUrl);
    const controller = new AbortController();
    const onEvent = (event: SyncEvent) => {
      if (event.type === 'resource.page' && event.resource === 'threads') controller.abort('SIGTERM');
    };
    const engine = createTestEngine(t.db, client, { onEvent, signal: controller.signal });
    assert.equal((await engine.runFull(accountB)).status, 'interrupted');
    const messageIds = (messages: unknown[]) =>
      (messages as { id: number }[]).map((m) => Number(m.id)).sort((a, b) => a - b);
    const firstPage = sim.listConversations(accountB).slice(0, 100);
    const stored = (await storedMirror(t.db, accountB)).threads;
    assert.deepEqual(
      stored.map((r) => Number(r.conversation_id)),
      firstPage.map((c) => Number(c.id)).sort((a, b) => a - b),
    );
    for (const row of stored) {
      const served = sim.listMessages(accountB, Number(row.conversation_id));
      assert.deepEqual(messageIds(row.raw_messages as unknown[]), messageIds(served));
    }
    const rest = await createTestEngine(t.db, client).runFull(accountB);
    assert.equal(rest.resources.threads!.inserted, sim.listConversations(accountB).length - 100);
    client.close();
  });

  it('skips inactive accounts and refuses to sync them by id; hard delete removes every row', async () => {
    await deactivateAccount(t.db, accountB);
    const client = createTestClient(sim.baseUrl);
    await assert.rejects(createTestEngine(t.db, client).runFull(accountB), /inactive/);
    const stored = await storedMirror(t.db, accountB);
    assert.ok(stored.reservations.length > 0, 'soft delete keeps data');
    await deleteAccount(t.db, accountB);
    for (const table of ['listings', 'reservations', 'messages', 'sync_runs', 'sync_state']) {
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM hostaway.${table} WHERE account_id = $1`,
        [accountB],
      );
      assert.equal(rows[0]!.n, 0, table);
    }
    assert.ok((await storedMirror(t.db, accountA)).reservations.length > 0, 'the other tenant is untouched');
    client.close();
  });
});
