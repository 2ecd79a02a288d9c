import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSimulator, type HostawayObject, type Simulator } from '../../src/simulator/index.js';

const NOW = () => new Date('2026-03-15T12:00:00Z');
const ACCOUNT = 10001;

function snapshot(sim: Simulator, accountId: number): string {
  const conversations = sim.listConversations(accountId);
  const messages = conversations.map((c) => sim.listMessages(accountId, c['id'] as number));
  return JSON.stringify([
    sim.accounts,
    sim.listListings(accountId),
    sim.listReservations(accountId),
    conversations,
    messages,
  ]);
}

function ids(objects: HostawayObject[]): number[] {
  return objects.map((object) => object['id'] as number);
}

describe('simulator data generation', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = snapshot(createSimulator({ seed: 7, now: NOW }), ACCOUNT);
    const b = snapshot(createSimulator({ seed: 7, now: NOW }), ACCOUNT);
    const c = snapshot(createSimulator({ seed: 8, now: NOW }), ACCOUNT);
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  it('gives each account the same data whatever order accounts are first used in', () => {
    const first = createSimulator({ seed: 3, accounts: 3, reservations: 30, now: NOW });
    const second = createSimulator({ seed: 3, accounts: 3, reservations: 30, now: NOW });
    const thirdFirst = snapshot(second, 10003);
    snapshot(first, 10001);
    snapshot(first, 10002);
    assert.equal(snapshot(first, 10003), thirdFirst);
    assert.deepEqual(
      first.accounts.map((account) => account.accountId),
      [10001, 10002, 10003],
    );
    assert.match(first.accounts[0]?.clientSecret ?? '', /^[0-9a-f]{64}$/);
  });

  it('uses ids unique across accounts', () => {
    const sim = createSimulator({ accounts: 3, reservations: 50, now: NOW });
    for (const list of [
      (id: number) => ids(sim.listListings(id)),
      (id: number) => ids(sim.listReservations(id)),
      (id: number) => ids(sim.listConversations(id)),
      (id: number) => sim.listConversations(id).flatMap((c) => ids(sim.listMessages(id, c['id'] as number))),
    ]) {
      const all = [10001, 10002, 10003].flatMap(list);
      assert.equal(new Set(all).size, all.length);
    }
  });

  it('keeps reservations, listings, conversations and messages consistent', () => {
    const sim = createSimulator({ reservations: 300, orphanConversations: 5, now: NOW });
    const listings = new Map(sim.listListings(ACCOUNT).map((l) => [l['id'], l]));
    const reservations = sim.listReservations(ACCOUNT);
    for (const r of reservations) {
      assert.equal(r['hostawayReservationId'], String(r['id']));
      assert.equal(r['listingName'], listings.get(r['listingMapId'])?.['name']);
      assert.ok((r['insertedOn'] as string) <= (r['updatedOn'] as string));
    }
    const byId = new Map(reservations.map((r) => [r['id'], r]));
    const conversations = sim.listConversations(ACCOUNT);
    assert.equal(conversations.length, 305);
    const plain = sim
      .listConversations(ACCOUNT, { includeResources: false })
      .find((c) => c['reservationId'] !== null);
    assert.deepEqual((plain?.['Reservation'] as HostawayObject)['customFieldValues'], []);
    assert.equal(conversations.filter((c) => c['reservationId'] === null).length, 5);
    for (const c of conversations) {
      const messages = sim.listMessages(ACCOUNT, c['id'] as number);
      const sent = messages.filter((m) => m['status'] === 'sent');
      const latestDate = (incoming: number): string | null =>
        sent
          .filter((m) => m['isIncoming'] === incoming)
          .reduce<string | null>(
            (max, m) => (max === null || (m['date'] as string) > max ? (m['date'] as string) : max),
            null,
          );
      assert.equal(c['messageSentOn'], latestDate(0));
      assert.equal(c['messageReceivedOn'], latestDate(1));
      const latest = [...messages].sort(
        (x, y) =>
          (y['date'] as string).localeCompare(x['date'] as string) ||
          (y['id'] as number) - (x['id'] as number),
      )[0];
      assert.deepEqual(c['conversationMessages'], latest === undefined ? [] : [latest]);
      assert.deepEqual(c['Reservation'], c['reservationId'] === null ? null : byId.get(c['reservationId']));
      for (const m of messages) {
        assert.equal(m['conversationId'], c['id']);
        assert.equal(m['reservationId'], c['reservationId']);
        assert.equal(m['listingMapId'], c['listingMapId']);
        assert.equal(m['accountId'], ACCOUNT);
      }
    }
  });

  it('produces the shapes tests need: ties, long and empty threads, scheduled and failed messages', () => {
    const sim = createSimulator({ reservations: 300, now: NOW });
    const reservations = sim.listReservations(ACCOUNT);
    const ties = new Map<unknown, number>();
    for (const r of reservations) ties.set(r['updatedOn'], (ties.get(r['updatedOn']) ?? 0) + 1);
    assert.equal(Math.max(...ties.values()), 50);
    assert.ok(reservations.some((r) => (r['customFieldValues'] as unknown[]).length > 0));
    assert.ok(reservations.some((r) => (r['reservationFees'] as unknown[]).length > 0));
    const statuses = new Set(reservations.map((r) => r['status']));
    for (const status of ['modified', 'new', 'inquiry', 'cancelled']) assert.ok(statuses.has(status), status);
    const threads = sim.listConversations(ACCOUNT).map((c) => sim.listMessages(ACCOUNT, c['id'] as number));
    const lengths = threads.map((t) => t.length).sort((x, y) => x - y);
    // Of 300 threads (by generation index i): i % 100 = 37 holds 101–250 messages (+ up to 2 scheduled),
    // i % 50 = 11 none, every other one 1–8 (+ up to 2 scheduled).
    assert.equal(lengths.filter((n) => n === 0).length, 6, 'empty threads');
    const long = lengths.filter((n) => n > 10);
    assert.equal(long.length, 3, 'long threads');
    assert.ok(
      long.every((n) => n >= 101 && n <= 252),
      long.join(),
    );
    const messages = threads.flat();
    const awaiting = messages.filter((m) => m['status'] === 'awaiting');
    assert.ok(awaiting.length > 0);
    // Scheduled: 1–4 days + 19 h after the anchor (the start of NOW's UTC day); sent: before the anchor.
    const dates = (list: HostawayObject[]) => list.map((m) => m['date'] as string).sort();
    const [firstDue, lastDue] = [dates(awaiting)[0]!, dates(awaiting).at(-1)!];
    assert.ok(
      firstDue >= '2026-03-16 19:00:00' && lastDue <= '2026-03-19 19:00:00',
      `${firstDue}…${lastDue}`,
    );
    assert.ok(dates(messages.filter((m) => m['status'] === 'sent')).at(-1)! <= '2026-03-14 23:59:00');
    assert.ok(messages.some((m) => m['status'] === 'failed'));
    assert.ok(messages.some((m) => m['status'] === 'cancelled_by_user'));
    // updateTimeline: every reservation last updated between 90 days and 60 s before the anchor.
    const updated = reservations.map((r) => r['updatedOn'] as string);
    const outside = updated.filter((u) => u < '2025-12-15 00:00:00' || u > '2026-03-14 23:59:00');
    assert.deepEqual(outside, []);
    assert.deepEqual(updated, [...updated].sort().reverse(), 'served newest first');
  });

  it('generates 5,000 reservations, each with its conversation, on the default 10 listings', () => {
    const sim = createSimulator({ reservations: 5000, now: NOW });
    assert.equal(sim.listListings(ACCOUNT).length, 10);
    assert.equal(sim.listReservations(ACCOUNT).length, 5000);
    const conversations = sim.listConversations(ACCOUNT);
    assert.equal(conversations.length, 5000);
    assert.equal(new Set(conversations.map((c) => c['reservationId'])).size, 5000);
    const first = Number(conversations[0]!['id']);
    assert.ok(sim.listMessages(ACCOUNT, first).every((m) => m['conversationId'] === first));
  });

  it('rejects impossible options', () => {
    assert.throws(() => createSimulator({ accounts: 0 }), RangeError);
    assert.throws(() => createSimulator({ reservations: -1 }), RangeError);
    assert.throws(() => createSimulator({ listings: 1.5 }), RangeError);
    assert.throws(() => createSimulator({ rateLimit: { perIp: 0 } }), RangeError);
  });
});
