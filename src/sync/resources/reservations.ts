import { upsertReservations, type ReservationInput } from '../../db/mirror/upsert-resource.js';
import { fetchReservationPages } from '../../hostaway/resources.js';
import type { HostawayReservation } from '../../hostaway/types.js';
import { isCompleteListMode, type ResourceContext, type ResourceResult } from '../types.js';
import { passResult, readWholeList } from './complete-pass.js';
import { parseHostawayTime } from '../../hostaway-time.js';
import { toId } from './to-id.js';
import { writeListPage } from './write-list-page.js';
import { countMissedReservations } from '../webhook-mode/missed-changes.js';

/**
 * How far below the stored watermark an incremental pass keeps reading. It covers rows that share the
 * watermark's second (bulk updates put dozens in one second) and clock skew between Hostaway's servers.
 */
export const RESERVATION_OVERLAP_MS = 15 * 60 * 1000;

export interface ReservationCursor {
  /** The newest `updatedOn` seen on the first page of the last successful pass (Hostaway's clock, UTC). */
  watermark: string;
}

/** `listing_id` follows `listingMapId`, so a reservation moved to another listing moves with it. */
function toReservationRow(reservation: HostawayReservation): ReservationInput | null {
  const id = toId(reservation.id);
  return id === null ? null : { id, listingId: toId(reservation.listingMapId), payload: reservation };
}

/**
 * Reads reservations newest-updated first. A full or reconcile pass reads them all and proves it (see
 * `readWholeList`). An incremental pass stops after the first page whose oldest row is older than the
 * stored watermark minus the overlap: every later row is older still, so nothing there changed since the
 * last pass. Rows updated while we page jump to the front, behind us; they are newer than the new watermark
 * (taken from the first page), so the next pass reads them.
 */
export async function fetchAndSyncReservations(ctx: ResourceContext): Promise<ResourceResult> {
  // The pass context's counts, so a pass that ends early still reports what it stored.
  const counts: ResourceResult = Object.assign(ctx.counts, { status: 'succeeded' as const });
  let watermark: string | undefined;
  const write = async (items: HostawayReservation[], total: number | undefined) => {
    if (ctx.watchWebhooks)
      counts.missedByWebhooks = (counts.missedByWebhooks ?? 0) + (await countMissedReservations(ctx, items));
    const written = await writeListPage(ctx, { items, total }, toReservationRow, (rows) =>
      upsertReservations(ctx.db, { ...ctx.account, rows }),
    );
    for (const id of written.changedKeys) ctx.changedReservations.add(id);
    // Counted as unchanged: a webhook (or another run) stored a newer version after this page was fetched.
    if (written.stale > 0)
      ctx.logger.info({ stale: written.stale }, 'kept stored reservations newer than the fetched page');
    watermark ??= newestUpdatedOn(items);
  };
  const previous = readCursor(ctx.cursor);
  // Without a watermark an incremental pass reads everything too, so it proves it like a full one.
  if (isCompleteListMode(ctx.mode) || previous === undefined) {
    const pass = await readWholeList(ctx, () => fetchReservationPages(ctx.api), write);
    const result = passResult(counts, pass, 'reservations');
    // Only a pass that read the whole list moves the watermark: rows it missed are older than the new one.
    if (result.status === 'succeeded') ctx.setCursor({ watermark: watermark ?? previous?.watermark ?? null });
    return { ...result, readAll: true };
  }
  const stopBelow = parseHostawayTime(previous.watermark)! - RESERVATION_OVERLAP_MS;
  let upstreamTotal: number | undefined;
  let readAll = true;
  for await (const page of fetchReservationPages(ctx.api)) {
    await write(page.items, page.total);
    upstreamTotal = page.total;
    ctx.checkpoint();
    if (oldestUpdatedOn(page.items) < stopBelow) {
      readAll = false;
      break;
    }
  }
  ctx.setCursor({ watermark: watermark ?? previous.watermark });
  return {
    ...counts,
    status: 'succeeded',
    readAll,
    ...(upstreamTotal === undefined ? {} : { upstreamTotal }),
  };
}

function readCursor(cursor: unknown): ReservationCursor | undefined {
  const watermark = (cursor as Partial<ReservationCursor> | null | undefined)?.watermark;
  return typeof watermark === 'string' && parseHostawayTime(watermark) !== undefined
    ? { watermark }
    : undefined;
}

function newestUpdatedOn(items: HostawayReservation[]): string | undefined {
  let newest: { text: string; at: number } | undefined;
  for (const item of items) {
    const at = parseHostawayTime(item.updatedOn);
    if (at !== undefined && (newest === undefined || at > newest.at))
      newest = { text: String(item.updatedOn), at };
  }
  return newest?.text;
}

/** A row without a readable `updatedOn` counts as new, so it never ends a pass early. */
function oldestUpdatedOn(items: HostawayReservation[]): number {
  return Math.min(...items.map((item) => parseHostawayTime(item.updatedOn) ?? Infinity));
}
