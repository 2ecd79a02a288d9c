import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import { attachmentFiles as f, listingCalendar as c, messageAttachments as a } from '../schema/index.js';

/**
 * What the demo report shows of the resources beyond the core three: the calendar's rows and today's day of
 * the first listing (else its first stored day); attachments found and stored, the bytes of their files
 * (each file once) and the smallest stored one (quick to write out). Null where nothing is stored.
 */
export type DemoSamples = Awaited<ReturnType<typeof readDemoSamples>>;

export async function readDemoSamples(db: Queryable, accountId: number) {
  const [days] = await db.orm.select({ n: count() }).from(c).where(eq(c.accountId, accountId));
  const [calendarDay] = await db.orm
    .select({
      listingId: c.listingId,
      day: c.day,
      status: sql<string | null>`${c.rawPayload}->>'status'`,
      price: sql<number | null>`(${c.rawPayload}->>'price')::numeric`.mapWith(Number),
      minimumStay: sql<number | null>`(${c.rawPayload}->>'minimumStay')::int`,
    })
    .from(c)
    .where(eq(c.accountId, accountId))
    .orderBy(c.listingId, desc(sql`${c.day} = current_date`), c.day)
    .limit(1);
  const [attachments] = await db.orm
    .select({ found: count(), stored: sql<number>`count(*) FILTER (WHERE ${a.status} = 'stored')::int` })
    .from(a)
    .where(eq(a.accountId, accountId));
  const [files] = await db.orm
    .select({ storedBytes: sql<number>`coalesce(sum(${f.sizeBytes}), 0)::float8` })
    .from(f)
    .where(eq(f.accountId, accountId));
  const [attachment] = await db.orm
    .select({
      attachmentId: a.attachmentId,
      name: a.name,
      sizeBytes: f.sizeBytes,
      mimeType: f.mimeType,
      sha256: f.sha256,
    })
    .from(a)
    .innerJoin(f, and(eq(f.accountId, a.accountId), eq(f.sha256, a.sha256)))
    .where(and(eq(a.accountId, accountId), eq(a.status, 'stored')))
    .orderBy(asc(f.sizeBytes), a.attachmentId)
    .limit(1);
  return {
    calendarDays: days!.n,
    calendarDay: calendarDay ?? null,
    attachments: { ...attachments!, ...files! },
    attachment: attachment ?? null,
  };
}
