import { findStoredMessageIds, findStoredReservationVersions } from '../../db/accounts/webhook-mode-repo.js';
import { parseHostawayTime } from '../../hostaway-time.js';
import type { HostawayMessage, HostawayReservation } from '../../hostaway/types.js';
import type { ResourceContext } from '../types.js';
import { toId } from '../resources/to-id.js';

/**
 * Reservations of a fetched page that are newer upstream than stored, or not stored at all: Hostaway sends
 * `reservation.created`/`updated` for each, so a healthy webhook would have stored them first. Read before
 * the page is written. A change made seconds before the poll may still be on its way: such a false alarm
 * only tightens the account until deliveries prove healthy again.
 */
export async function countMissedReservations(
  ctx: ResourceContext,
  reservations: readonly HostawayReservation[],
): Promise<number> {
  const listed = new Map<number, number>();
  for (const reservation of reservations) {
    const id = toId(reservation.id);
    const at = parseHostawayTime(reservation.updatedOn);
    if (id !== null && at !== undefined) listed.set(id, at);
  }
  const stored = await findStoredReservationVersions(ctx.db, ctx.account.accountId, [...listed.keys()]);
  let missed = 0;
  for (const [id, at] of listed) {
    const storedAt = stored.has(id) ? parseHostawayTime(stored.get(id)) : undefined;
    if (!stored.has(id) || storedAt === undefined || storedAt < at) missed += 1;
  }
  return missed;
}

/**
 * Guest messages of fetched threads that the stored threads lack (or whose thread is not stored at all):
 * Hostaway sends `message.received` for each message a guest sent, and nothing for the host's, so only
 * those count. A webhook for a thread not stored yet makes the listener fetch the thread, so a delivered
 * message is stored either way. Read before the threads are written.
 */
export async function countMissedGuestMessages(
  ctx: ResourceContext,
  threads: ReadonlyMap<number, readonly HostawayMessage[]>,
): Promise<number> {
  const stored = await findStoredMessageIds(ctx.db, ctx.account.accountId, [...threads.keys()]);
  let missed = 0;
  for (const [conversationId, messages] of threads) {
    const known = stored.get(conversationId);
    for (const message of messages)
      if (isGuestMessage(message) && !known?.has(String(message.id))) missed += 1;
  }
  return missed;
}

/** A message from the guest: the kind `message.received` is delivered for. */
function isGuestMessage(message: HostawayMessage): boolean {
  return Number(message['isIncoming']) === 1;
}
