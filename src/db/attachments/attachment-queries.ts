import { and, eq, getTableColumns, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import {
  attachmentFiles as f,
  messageAttachments as a,
  type AttachmentStatus,
  type MessageAttachment,
} from '../schema/attachments.js';

/** An attachment row with the size and place of its file (null until it is stored). */
export type AttachmentListing = Omit<MessageAttachment, 'customerId' | 'createdAt'> & {
  sizeBytes: number | null;
  storagePath: string | null;
};

const { customerId: _customerId, createdAt: _createdAt, ...attachmentColumns } = getTableColumns(a);

/** Attachment rows with their file's size and place, in account and attachment order. */
function listings(db: Queryable, where: SQL | undefined) {
  return db.orm
    .select({ ...attachmentColumns, sizeBytes: f.sizeBytes, storagePath: f.storagePath })
    .from(a)
    .leftJoin(f, and(eq(f.accountId, a.accountId), eq(f.sha256, a.sha256)))
    .where(where)
    .orderBy(a.accountId, a.attachmentId);
}

export async function listAttachments(
  db: Queryable,
  filter: { accountIds?: readonly number[]; statuses?: readonly AttachmentStatus[]; limit: number },
): Promise<AttachmentListing[]> {
  const { accountIds, statuses } = filter;
  return listings(
    db,
    and(
      accountIds?.length ? inArray(a.accountId, [...accountIds]) : undefined,
      statuses?.length ? inArray(a.status, [...statuses]) : undefined,
    ),
  ).limit(filter.limit);
}

/** Every account's rows with this attachment id (Hostaway's ids are global, so normally one). */
export async function findAttachment(
  db: Queryable,
  attachmentId: number,
  accountId?: number,
): Promise<AttachmentListing[]> {
  return listings(
    db,
    and(eq(a.attachmentId, attachmentId), accountId === undefined ? undefined : eq(a.accountId, accountId)),
  );
}

export interface AttachmentCounts {
  stored: number;
  pending: number;
  /** Failed and still retried by later runs. */
  failed: number;
  /** Failed as often as allowed: no longer tried. */
  givenUp: number;
  refused: number;
}

const countWhere = (condition: SQL | undefined) =>
  sql<number>`count(*) FILTER (WHERE ${condition})`.mapWith(Number);

/** Attachment rows per account by where their download stands. */
export async function countAttachments(
  db: Queryable,
  maxAttempts: number,
): Promise<Map<number, AttachmentCounts>> {
  const rows = await db.orm
    .select({
      accountId: a.accountId,
      stored: countWhere(eq(a.status, 'stored')),
      pending: countWhere(eq(a.status, 'pending')),
      failed: countWhere(and(eq(a.status, 'failed'), lt(a.attempts, maxAttempts))),
      givenUp: countWhere(and(eq(a.status, 'failed'), gte(a.attempts, maxAttempts))),
      refused: countWhere(eq(a.status, 'refused')),
    })
    .from(a)
    .groupBy(a.accountId);
  return new Map(rows.map(({ accountId, ...counts }) => [accountId, counts]));
}
