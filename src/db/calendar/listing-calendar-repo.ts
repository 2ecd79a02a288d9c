import { HostawaySyncError } from '../../errors.js';
import type { Queryable } from '../database.js';
import { JsonArrayParam } from '../json-array-param.js';
import { countWritten, type UpsertCounts, type UpsertTarget } from '../mirror/upsert-mirror-rows.js';
import { runUpsert } from '../sql/mirror-upsert.js';

/** One calendar day of a listing as served. */
export interface CalendarDayInput {
  /** `YYYY-MM-DD`, the payload's `date`. */
  day: string;
  payload: object;
}

export type CalendarDayCounts = Pick<UpsertCounts<string>, 'inserted' | 'updated' | 'unchanged'>;

/**
 * Writes the days a pass read of one listing (the range it asked for, replaced in place): only days that
 * differ from the stored ones are written, so `updated_at` moves only on change. Days outside the range are
 * not touched: a day that left the window keeps its last known state. A repeated date keeps its last copy.
 */
export async function upsertCalendarDays(
  db: Queryable,
  target: UpsertTarget & { listingId: number },
  days: readonly CalendarDayInput[],
): Promise<CalendarDayCounts> {
  if (!Number.isSafeInteger(target.accountId) || !Number.isSafeInteger(target.listingId))
    throw new HostawaySyncError('accountId and listingId must be integers');
  const byDay = new Map(days.map((d) => [d.day, { day: d.day, raw_payload: d.payload }]));
  if (byDay.size === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const rows = await runUpsert<string>(
    db,
    'listing_calendar',
    { ...target, scope: [target.listingId] },
    new JsonArrayParam([...byDay.values()].map((day) => JSON.stringify(day))),
  );
  const { inserted, updated, unchanged } = countWritten(rows, byDay.size);
  return { inserted, updated, unchanged };
}
