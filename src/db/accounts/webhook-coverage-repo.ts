import { lt, sql } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import { webhookCoverage } from '../schema/index.js';

/** Adds changes a poll found before any webhook delivered them to the account's current hour. */
export async function addPollFirstChanges(db: Queryable, accountId: number, changes: number): Promise<void> {
  if (changes <= 0) return;
  await db.orm
    .insert(webhookCoverage)
    .values({ accountId, hour: sql`date_trunc('hour', now())`, pollFirst: changes })
    .onConflictDoUpdate({
      target: [webhookCoverage.accountId, webhookCoverage.hour],
      set: { pollFirst: sql`${webhookCoverage.pollFirst} + excluded.poll_first` },
    });
}

/** Deletes the hours that ended before `before`; returns the rows deleted. */
export async function pruneWebhookCoverage(db: Queryable, before: Date): Promise<number> {
  const deleted = await db.orm
    .delete(webhookCoverage)
    .where(lt(webhookCoverage.hour, before))
    .returning({ accountId: webhookCoverage.accountId });
  return deleted.length;
}
