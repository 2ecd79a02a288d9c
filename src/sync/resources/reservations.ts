import { upsertReservations, type ReservationInput } from '../../db/upsert-resource.js';
import { fetchReservationPages } from '../../hostaway/resources.js';
import type { HostawayReservation } from '../../hostaway/types.js';
import {
  addWriteCounts,
  emptyCounts,
  type ResourceContext,
  type ResourceResult,
  type ResourceSync,
} from '../types.js';
import { toId } from './to-id.js';

/** `listing_id` follows `listingMapId`, so a reservation moved to another listing moves with it. */
export function toReservationRow(reservation: HostawayReservation): ReservationInput | null {
  const id = toId(reservation.id);
  return id === null ? null : { id, listingId: toId(reservation.listingMapId), payload: reservation };
}

export async function syncReservations(ctx: ResourceContext, reservations: HostawayReservation[]) {
  const rows = reservations.map(toReservationRow);
  const valid = rows.filter((row): row is ReservationInput => row !== null);
  for (const row of valid) ctx.seen.add(row.id);
  const written = await upsertReservations(ctx.db, { ...ctx.account, rows: valid });
  return { ...written, skipped: rows.length - valid.length };
}

export async function fetchAndSyncReservations(ctx: ResourceContext): Promise<ResourceResult> {
  const counts = emptyCounts();
  for await (const page of fetchReservationPages(ctx.api)) {
    const written = await syncReservations(ctx, page.items);
    counts.fetched += page.items.length;
    counts.skipped += written.skipped;
    addWriteCounts(counts, written);
    ctx.progress(counts.fetched, page.total);
    ctx.checkpoint();
  }
  return { ...counts, status: 'succeeded' };
}

export const reservationsResource: ResourceSync = {
  name: 'reservations',
  fetchAndSync: fetchAndSyncReservations,
};
