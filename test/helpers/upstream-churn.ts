import type { Simulator } from '../../src/simulator/index.js';

/**
 * Random upstream changes, as Hostaway would see them between or during syncs: reservation updates,
 * cancellations, moves, new messages and now and then a new reservation. No deletions (an incremental sync
 * does not look for them; the tests that need them do them themselves).
 */
export function churnUpstream(sim: Simulator, accountId: number, random: () => number, scale = 1): void {
  const reservations = sim.listReservations(accountId);
  const listings = sim.listListings(accountId);
  const conversations = sim.listConversations(accountId);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  for (let i = 0; i < 5 * scale; i += 1)
    sim.updateReservation(accountId, Number(pick(reservations).id), { hostNote: `n${random()}` });
  sim.cancelReservation(accountId, Number(pick(reservations).id));
  sim.moveReservation(accountId, Number(pick(reservations).id), Number(pick(listings).id));
  for (let i = 0; i < 4 * scale; i += 1)
    sim.addMessage(accountId, Number(pick(conversations).id), { body: `m${random()}` });
  if (random() < 0.3) sim.addReservation(accountId, {});
}
