import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { createLogger } from '../../src/logger.js';
import type { SyncEvent } from '../../src/sync/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, byId, createTestEngine, storedMirror } from '../helpers/sync.js';

const messageCalls = (sim: Simulator) => sim.stats.byEndpoint['GET /conversations/:id/messages'] ?? 0;
/** Message requests a set of threads needs: one per 100 messages, at least one. */
const threadPages = (sim: Simulator, accountId: number, conversationIds: unknown[]) =>
  conversationIds.reduce<number>(
    (sum, id) => sum + Math.max(1, Math.ceil(sim.listMessages(accountId, Number(id)).length / 100)),
    0,
  );

describe('incremental sync', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let accountId: number;
  const client = () => createTestClient(sim.baseUrl);
  const incremental = (overrides = {}) =>
    createTestEngine(t.db, client(), overrides).run(accountId, 'incremental');

  /** The database holds exactly what the simulator serves now (deleted rows aside). */
  async function assertConverged() {
    const mirror = await storedMirror(t.db, accountId);
    const live = (rows: Record<string, unknown>[]) => rows.filter((r) => r.deleted_at === null);
    assert.deepEqual(
      live(mirror.reservations).map((r) => r.raw_payload),
      byId(sim.listReservations(accountId)),
    );
    assert.deepEqual(
      live(mirror.listings).map((r) => r.raw_payload),
      byId(sim.listListings(accountId)),
    );
    assert.deepEqual(
      live(mirror.threads).map((r) => r.raw_conversation),
      byId(sim.listConversations(accountId)),
    );
    for (const row of live(mirror.threads)) {
      const served = sim.listMessages(accountId, Number(row.conversation_id));
      assert.deepEqual(
        (row.raw_messages as { id: number }[]).map((m) => m.id).sort(),
        served.map((m) => Number(m.id)).sort(),
      );
    }
  }

  before(async () => {
    sim = await startSimulator({ seed: 21, listings: 6, reservations: 320 });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
    accountId = sim.accounts[0]!.accountId;
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });
  beforeEach(() => sim.resetStats());

  it('a first incremental run with no state reads everything, like a full sync', async () => {
    const result = await incremental();
    assert.equal(result.status, 'succeeded');
    assert.equal(result.resources.reservations!.inserted, 320);
    const all = sim.listConversations(accountId).map((c) => c.id);
    assert.equal(messageCalls(sim), threadPages(sim, accountId, all));
    await assertConverged();
  });

  it('with nothing changed: no writes, zero message calls and a constant few requests', async () => {
    const result = await incremental();
    for (const r of Object.values(result.resources)) assert.equal(r.inserted + r.updated, 0);
    assert.equal(messageCalls(sim), 0);
    assert.equal(
      sim.stats.byEndpoint['GET /reservations'],
      1,
      'one page of reservations, then an early stop',
    );
    assert.equal(
      sim.stats.byEndpoint['GET /conversations'],
      2,
      'one page of conversations, a stop, then one swept page',
    );
    assert.equal(result.resources.threads!.readAll, false);
    assert.equal(result.apiRequests, 4, 'listings + reservations + conversations + sweep, one page each');
  });

  it('one reservation updated: exactly it is rewritten and only its thread fetched', async () => {
    const target = byId(sim.listReservations(accountId)).at(-1)!;
    sim.updateReservation(accountId, Number(target.id), { guestNote: 'late check-in please' });
    const result = await incremental();
    assert.equal(result.resources.reservations!.updated, 1);
    assert.equal(result.resources.reservations!.inserted, 0);
    const threads = sim.listConversations(accountId).filter((c) => c.reservationId === target.id);
    assert.equal(
      sim.stats.byEndpoint['GET /reservations/:id/conversations'],
      1,
      'its conversation, not on the first page, is looked up by reservation',
    );
    assert.equal(
      messageCalls(sim),
      threadPages(
        sim,
        accountId,
        threads.map((c) => c.id),
      ),
    );
    await assertConverged();
  });

  it('a reply in the oldest thread moves it to the front: only that thread is fetched', async () => {
    const conversation = sim.listConversations(accountId).at(-1)!;
    sim.addMessage(accountId, Number(conversation.id), { body: 'Parking is included.', isIncoming: 0 });
    const result = await incremental();
    assert.equal(messageCalls(sim), threadPages(sim, accountId, [conversation.id]));
    assert.equal(result.resources.threads!.updated, 1);
    assert.equal(result.resources.reservations!.updated, 0);
    assert.equal(
      sim.stats.byEndpoint['GET /conversations'],
      3,
      'the changed page, an unchanged one, then one swept page past them',
    );
    await assertConverged();
  });

  it('with the sweep off, a guest message that leaves its thread in place waits for the complete listing', async () => {
    const conversation = sim.listConversations(accountId).at(-1)!;
    sim.addMessage(accountId, Number(conversation.id), { body: 'Is parking included?', isIncoming: 1 });
    assert.equal(sim.listConversations(accountId).at(-1)!.id, conversation.id, 'messageSentOn unchanged');
    const early = await incremental({ conversationSweepPages: 0 });
    assert.equal(early.resources.threads!.updated, 0, 'an early stop without a sweep cannot see it');
    assert.equal(early.apiRequests, 3, 'listings + reservations + conversations, no sweep');
    const pages = Math.ceil(sim.listConversations(accountId).length / 100);
    sim.resetStats();
    const relisted = await incremental({ conversationRelistHours: 0, conversationSweepPages: 0 });
    assert.equal(relisted.resources.threads!.readAll, true);
    assert.equal(sim.stats.byEndpoint['GET /conversations'], pages);
    assert.equal(relisted.resources.threads!.updated, 1);
    assert.equal(messageCalls(sim), threadPages(sim, accountId, [conversation.id]));
    await assertConverged();
    sim.resetStats();
    await incremental({ conversationSweepPages: 0 });
    assert.equal(sim.stats.byEndpoint['GET /conversations'], 1, 'the complete listing reset the interval');
  });

  it('reads every reservation of a burst sharing one updatedOn second across page boundaries', async () => {
    const burst = byId(sim.listReservations(accountId)).slice(0, 230);
    for (const r of burst) sim.updateReservation(accountId, Number(r.id), { hostNote: 'bulk touch' });
    const result = await incremental();
    assert.equal(result.resources.reservations!.updated, 230);
    assert.ok((sim.stats.byEndpoint['GET /reservations'] ?? 0) >= 3);
    await assertConverged();
  });

  it('stores a cancellation as an ordinary update', async () => {
    const target = byId(sim.listReservations(accountId))[5]!;
    sim.cancelReservation(accountId, Number(target.id));
    await incremental();
    const stored = (await storedMirror(t.db, accountId)).reservations.find((r) => r.id === target.id)!;
    assert.equal((stored.raw_payload as { status: string }).status, 'cancelled');
    assert.equal(stored.deleted_at, null);
  });

  it('catches up with a reservation updated while a full sync was paging past it', async () => {
    const oldest = sim.listReservations(accountId).at(-1)!;
    let touched = false;
    const onEvent = (event: SyncEvent) => {
      if (!touched && event.type === 'resource.page' && event.resource === 'reservations') {
        touched = true;
        sim.updateReservation(accountId, Number(oldest.id), { guestNote: 'changed mid-sync' });
      }
    };
    const full = await createTestEngine(t.db, client(), { onEvent }).runFull(accountId);
    assert.equal(full.status, 'succeeded');
    await incremental();
    await assertConverged();
  });

  it('an interrupted run advances no cursor, and the next run catches up', async () => {
    const controller = new AbortController();
    const target = byId(sim.listReservations(accountId))[9]!;
    sim.updateReservation(accountId, Number(target.id), { guestNote: 'before the crash' });
    const onEvent = (event: SyncEvent) => {
      if (event.type === 'resource.started' && event.resource === 'reservations') controller.abort('SIGTERM');
    };
    const stopped = await incremental({ onEvent, signal: controller.signal });
    assert.equal(stopped.status, 'interrupted');
    assert.equal(stopped.error?.exitCode, 143);
    const { rows } = await t.db.query<{ status: string }>(
      'SELECT status FROM hostaway.sync_runs WHERE account_id = $1 ORDER BY id DESC LIMIT 1',
      [accountId],
    );
    assert.equal(rows[0]!.status, 'interrupted');
    sim.addMessage(accountId, Number(sim.listConversations(accountId)[3]!.id), { body: 'after the crash' });
    const next = await incremental();
    assert.equal(next.status, 'succeeded');
    await assertConverged();
  });

  it('a listing deleted upstream is marked deleted by the next full sync, not by incremental runs', async () => {
    const listing = byId(sim.listListings(accountId))[0]!;
    const reservations = sim.listReservations(accountId).filter((r) => r.listingMapId === listing.id);
    sim.deleteListing(accountId, Number(listing.id));
    await incremental();
    const stillLive = (await storedMirror(t.db, accountId)).listings.find((r) => r.id === listing.id)!;
    assert.equal(stillLive.deleted_at, null);
    const full = await createTestEngine(t.db, client()).runFull(accountId);
    assert.equal(full.resources.listings!.deleted, 1);
    const mirror = await storedMirror(t.db, accountId);
    assert.ok(
      mirror.listings.find((r) => r.id === listing.id)!.deleted_at instanceof Date,
      'data kept, marked',
    );
    const gone = new Set(sim.listReservations(accountId).map((r) => r.id));
    const deletedReservations = reservations.filter((r) => !gone.has(r.id)).length;
    assert.equal(full.resources.reservations!.deleted, deletedReservations);
    await assertConverged();
  });
});

describe('incremental sync when the conversation list is unsorted', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let accountId: number;
  const warnings: string[] = [];
  const logger = createLogger({ level: 'warn', write: (line) => void warnings.push(line) });
  const run = (mode: 'full' | 'incremental') =>
    createTestEngine(t.db, createTestClient(sim.baseUrl), { logger }).run(accountId, mode);

  before(async () => {
    sim = await startSimulator({ seed: 22, listings: 4, reservations: 250, conversationOrder: 'unsorted' });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
    accountId = sim.accounts[0]!.accountId;
    assert.equal((await run('full')).status, 'succeeded');
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  it('reads the whole list, says so once, and still finds a change on the last page', async () => {
    const conversation = sim.listConversations(accountId).at(-1)!;
    sim.addMessage(accountId, Number(conversation.id), { body: 'Late arrival', isIncoming: 1 });
    sim.resetStats();
    warnings.length = 0;
    const result = await run('incremental');
    assert.equal(result.status, 'succeeded');
    assert.equal(result.resources.threads!.readAll, true);
    assert.equal(sim.stats.byEndpoint['GET /conversations'], 3);
    assert.equal(result.resources.threads!.updated, 1);
    assert.equal(messageCalls(sim), threadPages(sim, accountId, [conversation.id]));
    const notes = warnings.filter((line) => line.includes('not listed newest first'));
    assert.equal(notes.length, 1);
  });
});
