import { findStoredReservationVersions } from '../../db/accounts/webhook-mode-repo.js';
import { parseHostawayTime } from '../../hostaway-time.js';
import type { HostawayReservation } from '../../hostaway/types.js';
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
