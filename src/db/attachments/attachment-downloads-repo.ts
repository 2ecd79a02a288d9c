import { and, asc, count, eq, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import { messageAttachments, type MessageAttachment } from '../schema/attachments.js';

/** What a download needs of an attachment row. */
export type DueAttachment = Pick<
  MessageAttachment,
  'attachmentId' | 'conversationId' | 'messageId' | 'name' | 'mimeType' | 'url' | 'attempts'
>;

const a = messageAttachments;

/**
 * Attachments to download now: pending, or failed with attempts left and their wait over, or refused as too
 * large when the cap (`maxBytes`) now admits the size seen (one refused before sizes were kept is tried once
 * more); fewest attempts first, so one stubborn file cannot starve the rest.
 */
export async function listDueAttachments(
  db: Queryable,
  accountId: number,
  options: { maxAttempts: number; limit: number; maxBytes: number },
): Promise<DueAttachment[]> {
  const { attachmentId, conversationId, messageId, name, mimeType, url, attempts } = a;
  return db.orm
    .select({ attachmentId, conversationId, messageId, name, mimeType, url, attempts })
    .from(a)
    .where(dueNow(accountId, options))
    .orderBy(asc(a.attempts), asc(a.attachmentId))
    .limit(options.limit);
}

/** How many attachments `listDueAttachments` would list without a limit. */
export async function countDueAttachments(
  db: Queryable,
  accountId: number,
  options: { maxAttempts: number; maxBytes: number },
): Promise<number> {
  const [row] = await db.orm.select({ due: count() }).from(a).where(dueNow(accountId, options));
  return row?.due ?? 0;
}

function dueNow(accountId: number, options: { maxAttempts: number; maxBytes: number }) {
  return and(
    eq(a.accountId, accountId),
    or(
      and(
        inArray(a.status, ['pending', 'failed']),
        lt(a.attempts, options.maxAttempts),
        or(isNull(a.nextAttemptAt), lte(a.nextAttemptAt, sql`now()`)),
      ),
      and(eq(a.status, 'refused'), or(isNull(a.refusedSizeBytes), lte(a.refusedSizeBytes, options.maxBytes))),
    ),
  );
}

/** Sets `values` on one attachment row, and `updated_at`. */
async function setAttachment(
  db: Queryable,
  accountId: number,
  attachmentId: number,
  values: { [K in keyof MessageAttachment]?: MessageAttachment[K] | SQL },
): Promise<void> {
  await db.orm
    .update(a)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(a.accountId, accountId), eq(a.attachmentId, attachmentId)));
}

const oneMoreAttempt = sql`${a.attempts} + 1`;

/** The URL a re-fetched message now gives for the attachment. */
export async function updateAttachmentUrl(
  db: Queryable,
  accountId: number,
  attachmentId: number,
  url: string,
): Promise<void> {
  await setAttachment(db, accountId, attachmentId, { url });
}

/** The attachment now has its file (stored under `sha256`). */
export async function markAttachmentStored(
  db: Queryable,
  accountId: number,
  attachmentId: number,
  sha256: string,
): Promise<void> {
  await setAttachment(db, accountId, attachmentId, {
    status: 'stored',
    sha256,
    attempts: oneMoreAttempt,
    lastError: null,
    nextAttemptAt: null,
    refusedSizeBytes: null,
  });
}

/** A failed attempt: tried again after `retryInMs` by a later run, while attempts are left. */
export async function markAttachmentFailed(
  db: Queryable,
  accountId: number,
  attachmentId: number,
  failure: { error: string; retryInMs: number },
): Promise<void> {
  await setAttachment(db, accountId, attachmentId, {
    status: 'failed',
    attempts: oneMoreAttempt,
    lastError: failure.error,
    nextAttemptAt: sql`now() + ${failure.retryInMs}::bigint * interval '1 millisecond'`,
  });
}

/**
 * Refused (over the size cap) with the size seen: not downloaded again until the cap is raised to that size
 * or the attachment's file changes (see discoverAttachments).
 */
export async function markAttachmentRefused(
  db: Queryable,
  accountId: number,
  attachmentId: number,
  refusal: { reason: string; sizeBytes: number },
): Promise<void> {
  await setAttachment(db, accountId, attachmentId, {
    status: 'refused',
    attempts: oneMoreAttempt,
    lastError: refusal.reason,
    refusedSizeBytes: refusal.sizeBytes,
    nextAttemptAt: null,
  });
}
