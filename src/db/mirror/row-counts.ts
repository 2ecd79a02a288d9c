import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import { listings, messages, reservations } from '../schema/index.js';

/** What one account holds in the mirror (rows marked deleted upstream excluded). */
export interface MirrorRowCounts {
  listings: number;
  reservations: number;
  /** Rows of hostaway.messages: one per message thread. */
  threads: number;
  /** Message objects inside those threads. */
  messages: number;
}

export async function countMirrorRows(db: Queryable, accountId: number): Promise<MirrorRowCounts> {
  const live = async (table: typeof listings | typeof reservations) => {
    const [row] = await db.orm
      .select({ n: count() })
      .from(table)
      .where(and(eq(table.accountId, accountId), isNull(table.deletedAt)));
    return row!.n;
  };
  const m = messages;
  const [threads] = await db.orm
    .select({
      threads: count(),
      messages: sql<number>`COALESCE(sum(jsonb_array_length(${m.rawMessages}))
        FILTER (WHERE jsonb_typeof(${m.rawMessages}) = 'array'), 0)::int`,
    })
    .from(m)
    .where(and(eq(m.accountId, accountId), isNull(m.deletedAt)));
  return { listings: await live(listings), reservations: await live(reservations), ...threads! };
}
