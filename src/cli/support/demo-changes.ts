import type { HostawayObject, Simulator } from '../../simulator/index.js';

const text = (object: HostawayObject | undefined, key: string) => String(object?.[key] ?? '');
const num = (object: HostawayObject | undefined, key: string) => Number(object?.[key] ?? 0);

/**
 * What happens in Hostaway between the two syncs, as a property manager would see it: a booking grows by a
 * guest who also writes, another is cancelled, a new one arrives. Returns one sentence per change.
 */
export function applyDemoChanges(sim: Simulator, accountId: number, today: string): string[] {
  const changes: string[] = [];
  const reservations = sim.listReservations(accountId, { includeResources: false });
  const upcoming = reservations
    .filter((r) => ['new', 'modified'].includes(text(r, 'status')) && text(r, 'arrivalDate') >= today)
    .sort((a, b) => text(a, 'arrivalDate').localeCompare(text(b, 'arrivalDate')));
  const [grown, cancelled] = upcoming.length >= 2 ? upcoming : reservations;
  if (grown) {
    const guests = num(grown, 'numberOfGuests');
    sim.updateReservation(accountId, num(grown, 'id'), {
      numberOfGuests: guests + 1,
      adults: num(grown, 'adults') + 1,
    });
    changes.push(
      `reservation ${num(grown, 'id')} (${text(grown, 'guestName')}): ${guests} → ${guests + 1} guests`,
    );
    changes.push(...guestWrites(sim, accountId, num(grown, 'id'), text(grown, 'guestName')));
  }
  if (cancelled) {
    sim.cancelReservation(accountId, num(cancelled, 'id'));
    changes.push(
      `reservation ${num(cancelled, 'id')} (${text(cancelled, 'guestName')}) cancelled by the guest`,
    );
  }
  const added = sim.addReservation(accountId, {
    guestName: 'Ada Lovelace',
    guestFirstName: 'Ada',
    guestLastName: 'Lovelace',
  });
  changes.push(`new reservation ${num(added, 'id')} (Ada Lovelace) at "${text(added, 'listingName')}"`);
  return changes;
}

function guestWrites(sim: Simulator, accountId: number, reservationId: number, guest: string): string[] {
  const conversation = sim
    .listConversations(accountId, { includeResources: false })
    .find((c) => num(c, 'reservationId') === reservationId);
  if (!conversation) return [];
  sim.addMessage(accountId, num(conversation, 'id'), {
    body: 'Hi! We are one more now, and could we check in an hour early?',
    isIncoming: 1,
  });
  return [`${guest} wrote a new message (conversation ${num(conversation, 'id')})`];
}
