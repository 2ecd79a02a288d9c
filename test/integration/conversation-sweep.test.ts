import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { findReservationsWithStaleThreads } from '../../src/db/threads/stale-thread-reservations.js';
import type { Simulator } from '../../src/simulator/index.js';
import type { ThreadsCursor } from '../../src/sync/resources/conversation-listing.js';
import type { SyncEvent } from '../../src/sync/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, createTestEngine, storedMirror } from '../helpers/sync.js';

const messageCalls = (sim: Simulator) => sim.stats.byEndpoint['GET /conversations/:id/messages'] ?? 0;
const threadPages = (sim: Simulator, accountId: number, conversationId: unknown) =>
  Math.max(1, Math.ceil(sim.listMessages(accountId, Number(conversationId)).length / 100));

interface Setup {
  sim: Simulator;
  t: TestDatabase;
  accountId: number;
}

async function setUp(seed: number, reservations: number): Promise<Setup> {
  const sim = await startSimulator({ seed, listings: 6, reservations });
  const t = await createTestDatabase();
  await addSimulatedAccounts(t.db, sim);
  const accountId = sim.accounts[0]!.accountId;
  const full = await createTestEngine(t.db, createTestClient(sim.baseUrl)).runFull(accountId);
  assert.equal(full.status, 'succeeded');
  return { sim, t, accountId };
}

function helpers(s: () => Setup) {
  return {
    incremental: (overrides = {}) =>
      createTestEngine(s().t.db, createTestClient(s().sim.baseUrl), overrides).run(
        s().accountId,
        'incremental',
      ),
    /** The threads cursor as the last successful pass stored it. */
    cursor: async () => {
      const { rows } = await s().t.db.query<{ cursor: ThreadsCursor | null }>(
        "SELECT cursor FROM hostaway.sync_state WHERE account_id = $1 AND resource = 'threads'",
        [s().accountId],
      );
      return rows[0]?.cursor ?? {};
    },
    /** The stored conversation object of one thread. */
    storedConversation: async (conversationId: unknown) => {
      const mirror = await storedMirror(s().t.db, s().accountId);
      return mirror.threads.find((r) => r.conversation_id === conversationId)?.raw_conversation;
    },
  };
}

describe('rolling conversation sweep', () => {
  let s: Setup;
  const { incremental, cursor, storedConversation } = helpers(() => s);

  before(async () => {
    s = await setUp(41, 520);
  });
  after(async () => {
    await s.sim.close();
    await s.t.drop();
  });
  beforeEach(() => s.sim.resetStats());

  it('catches a guest message deep in the list when its page is swept, not before', async () => {
    const { sim, accountId } = s;
    const listed = sim.listConversations(accountId);
    assert.equal(listed.length, 520);
    const index = 430;
    const target = listed[index]!;
    assert.notEqual(target.messageSentOn, null);
    sim.addMessage(accountId, Number(target.id), { body: 'Is the pool heated?', isIncoming: 1 });
    assert.equal(
      sim.listConversations(accountId)[index]!.id,
      target.id,
      'messageSentOn unchanged: not moved',
    );
    assert.equal((await cursor()).sweepOffset, undefined, 'a full sync leaves no sweep offset: start at 0');
    // The head reads page 0; the sweep reads pages 1, 2, 3, then page 4 (offsets 400–499) holds the target.
    const expectedRun = Math.floor(index / 100);
    const pages = Math.ceil(listed.length / 100);
    assert.ok(expectedRun <= Math.ceil(pages / 1), 'within ceil(pages / sweepPages) runs');
    for (let run = 1; run < expectedRun; run += 1) {
      sim.resetStats();
      const result = await incremental();
      assert.equal(result.status, 'succeeded');
      assert.equal(result.resources.threads!.updated, 0, `run ${run}: its page is not swept yet`);
      assert.equal(messageCalls(sim), 0);
      assert.equal(result.apiRequests, 4, `run ${run}: 1 listing + 1 reservation + 1 conversation + 1 swept`);
      assert.equal((await cursor()).sweepOffset, 100 * (run + 1));
    }
    assert.notDeepEqual(await storedConversation(target.id), sim.listConversations(accountId)[index]);
    sim.resetStats();
    const caught = await incremental();
    assert.equal(caught.resources.threads!.updated, 1, `run ${expectedRun} sweeps its page`);
    assert.equal(messageCalls(sim), threadPages(sim, accountId, target.id));
    assert.equal(caught.apiRequests, 4 + threadPages(sim, accountId, target.id));
    assert.deepEqual(await storedConversation(target.id), sim.listConversations(accountId)[index]);
    const stored = (await storedMirror(s.t.db, accountId)).threads.find(
      (r) => r.conversation_id === target.id,
    )!;
    assert.equal(
      (stored.raw_messages as unknown[]).length,
      sim.listMessages(accountId, Number(target.id)).length,
    );
  });

  it('wraps to the first page after the head once it reads the last page', async () => {
    assert.equal((await cursor()).sweepOffset, 500);
    const last = await incremental();
    assert.equal(last.apiRequests, 4, 'the short last page');
    assert.equal((await cursor()).sweepOffset, 0, 'wrapped');
    s.sim.resetStats();
    const again = await incremental();
    assert.equal(again.apiRequests, 4);
    assert.equal((await cursor()).sweepOffset, 200, 'page 0 is the head: the sweep resumes at page 1');
  });

  it('reads more pages per run with HOSTAWAY_CONVERSATION_SWEEP_PAGES, none with 0', async () => {
    const two = await incremental({ conversationSweepPages: 2 });
    assert.equal(two.apiRequests, 5);
    assert.equal((await cursor()).sweepOffset, 400);
    s.sim.resetStats();
    const none = await incremental({ conversationSweepPages: 0 });
    assert.equal(none.apiRequests, 3);
    assert.equal((await cursor()).sweepOffset, 400, 'kept as it was');
  });

  it('an interrupted run leaves the stored sweep offset alone; the next run sweeps the same page', async () => {
    const before = await cursor();
    assert.equal(before.sweepOffset, 400);
    const controller = new AbortController();
    let threadPagesSeen = 0;
    const onEvent = (event: SyncEvent) => {
      if (event.type === 'resource.page' && event.resource === 'threads' && ++threadPagesSeen === 2)
        controller.abort('SIGTERM'); // right after the swept page was written
    };
    const stopped = await incremental({ onEvent, signal: controller.signal });
    assert.equal(stopped.status, 'interrupted');
    assert.equal(threadPagesSeen, 2);
    assert.deepEqual(await cursor(), before);
    const next = await incremental();
    assert.equal(next.status, 'succeeded');
    assert.equal((await cursor()).sweepOffset, 500);
  });

  it('steps back when conversations ahead of the offset were deleted, so it jumps over none', async () => {
    const { sim, accountId } = s;
    assert.equal((await cursor()).sweepOffset, 500);
    // Move the sweep back to offset 300 through a wrap: 500 → 0 → 200 → 300.
    await incremental();
    await incremental();
    await incremental();
    assert.equal((await cursor()).sweepOffset, 300);
    const listed = sim.listConversations(accountId);
    const boundary = listed[300]!; // the first conversation the next sweep would read
    sim.deleteReservation(accountId, Number(listed[150]!.reservationId));
    sim.addMessage(accountId, Number(boundary.id), { body: 'Can we check in early?', isIncoming: 1 });
    const now = sim.listConversations(accountId);
    assert.equal(now[299]!.id, boundary.id, 'one place toward the front');
    sim.resetStats();
    const result = await incremental();
    assert.equal(result.apiRequests, 4 + threadPages(sim, accountId, boundary.id));
    assert.equal(result.resources.threads!.updated, 1, 'read from offset 299');
    assert.deepEqual(await storedConversation(boundary.id), now[299]);
    assert.equal((await cursor()).sweepOffset, 399);
  });
});

describe('idle incremental cost is constant in account size', () => {
  for (const reservations of [150, 900]) {
    it(`${reservations} reservations and conversations: 1 + 1 + 1 + 1 requests`, async () => {
      const s = await setUp(42, reservations);
      try {
        const { incremental } = helpers(() => s);
        s.sim.resetStats();
        const result = await incremental();
        assert.equal(result.status, 'succeeded');
        for (const r of Object.values(result.resources)) assert.equal(r.inserted + r.updated, 0);
        assert.equal(s.sim.stats.byEndpoint['GET /listings'], 1);
        assert.equal(s.sim.stats.byEndpoint['GET /reservations'], 1);
        assert.equal(s.sim.stats.byEndpoint['GET /conversations'], 2, 'the head page and one swept page');
        assert.equal(messageCalls(s.sim), 0);
        assert.equal(result.apiRequests, 4);
      } finally {
        await s.sim.close();
        await s.t.drop();
      }
    });
  }
});

describe('threads left stale by an interrupted run', () => {
  let s: Setup;
  const { incremental, cursor, storedConversation } = helpers(() => s);
  const served = (conversationId: unknown) =>
    s.sim.listConversations(s.accountId).find((c) => c.id === conversationId)!;

  before(async () => {
    s = await setUp(43, 420);
  });
  after(async () => {
    await s.sim.close();
    await s.t.drop();
  });
  beforeEach(() => s.sim.resetStats());

  it('the next incremental run fetches the threads of reservations written before the interruption', async () => {
    const { sim, accountId, t } = s;
    assert.equal((await cursor()).sweepOffset, undefined, 'the next sweep reads offsets 100–199');
    const conversation = sim.listConversations(accountId)[320]!; // neither the head nor the next swept page
    const reservationId = Number(conversation.reservationId);
    sim.updateReservation(accountId, reservationId, { guestNote: 'arriving by train' });
    const controller = new AbortController();
    const onEvent = (event: SyncEvent) => {
      if (event.type === 'resource.started' && event.resource === 'threads') controller.abort('SIGTERM');
    };
    const stopped = await incremental({ onEvent, signal: controller.signal });
    assert.equal(stopped.status, 'interrupted');
    assert.equal(stopped.resources.reservations!.updated, 1, 'the reservation was written');
    assert.deepEqual(
      (await findReservationsWithStaleThreads(t.db, accountId)).map((r) => r.id),
      [reservationId],
      'its thread was not',
    );
    sim.resetStats();
    const next = await incremental();
    assert.equal(next.status, 'succeeded');
    assert.equal(next.resources.reservations!.updated, 0, 'the reservation looks unchanged now');
    assert.equal(sim.stats.byEndpoint['GET /reservations/:id/conversations'], 1);
    assert.equal(messageCalls(sim), threadPages(sim, accountId, conversation.id));
    assert.deepEqual(await storedConversation(conversation.id), served(conversation.id));
    assert.deepEqual(await findReservationsWithStaleThreads(t.db, accountId), []);
  });

  it('a mismatch the fetch cannot clear costs one fetch per stored reservation version, not one per run', async () => {
    const { sim, accountId, t } = s;
    const conversation = sim.listConversations(accountId)[330]!;
    const reservationId = Number(conversation.reservationId);
    // As if a webhook stored a version of the reservation the conversation list does not embed.
    await t.db.query(
      `UPDATE hostaway.reservations SET raw_payload = jsonb_set(raw_payload, '{updatedOn}', '"2099-01-01 00:00:00"')
       WHERE account_id = $1 AND id = $2`,
      [accountId, reservationId],
    );
    const first = await incremental();
    assert.equal(first.status, 'succeeded');
    assert.equal(sim.stats.byEndpoint['GET /reservations/:id/conversations'], 1, 'fetched once');
    assert.equal(messageCalls(sim), threadPages(sim, accountId, conversation.id));
    const stale = await findReservationsWithStaleThreads(t.db, accountId);
    assert.deepEqual(stale, [{ id: reservationId, updatedOn: '2099-01-01 00:00:00' }], 'still differs');
    assert.deepEqual((await cursor()).staleChecked, { [reservationId]: '2099-01-01 00:00:00' });
    for (let run = 0; run < 2; run += 1) {
      sim.resetStats();
      const idle = await incremental();
      assert.equal(idle.apiRequests, 4, 'not fetched again');
      assert.equal(messageCalls(sim), 0);
    }
    // A new stored version of the reservation is checked once more.
    await t.db.query(
      `UPDATE hostaway.reservations SET raw_payload = jsonb_set(raw_payload, '{updatedOn}', '"2099-01-02 00:00:00"')
       WHERE account_id = $1 AND id = $2`,
      [accountId, reservationId],
    );
    sim.resetStats();
    await incremental();
    assert.equal(sim.stats.byEndpoint['GET /reservations/:id/conversations'], 1);
    assert.equal(messageCalls(sim), threadPages(sim, accountId, conversation.id));
  });
});
