import type { UpsertCounts } from '../../db/mirror/upsert-mirror-rows.js';
import type { ResourceContext } from '../types.js';
import { countWritten } from './count-written.js';

/**
 * One page of the listings or reservations list written: the items with an id upserted and marked seen,
 * the others and those the database rejected counted as skipped; the pass's counts and progress kept up to
 * date.
 */
export async function writeListPage<Item, Row extends { id: number }>(
  ctx: ResourceContext,
  page: { items: Item[]; total: number | undefined },
  toRow: (item: Item) => Row | null,
  upsert: (rows: Row[]) => Promise<UpsertCounts>,
): Promise<UpsertCounts> {
  const rows = page.items.map(toRow);
  const valid = rows.filter((row): row is Row => row !== null);
  for (const row of valid) ctx.seen.add(row.id);
  const written = await upsert(valid);
  ctx.counts.fetched += page.items.length;
  ctx.counts.skipped += rows.length - valid.length;
  countWritten(ctx, ctx.counts, written);
  ctx.progress(ctx.counts.fetched, page.total);
  return written;
}
