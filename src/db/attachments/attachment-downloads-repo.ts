import type { Queryable } from '../database.js';
import type { MessageAttachment } from '../schema/attachments.js';

/** What a download needs of an attachment row. */
export type DueAttachment = Pick<
  MessageAttachment,
  'attachmentId' | 'conversationId' | 'messageId' | 'name' | 'mimeType' | 'url' | 'attempts'
>;

/** The due condition of `listDueAttachments` ($1 account, $2 max attempts, $3 max bytes). */
const DUE_NOW = `account_id = $1
       AND ((status IN ('pending', 'failed') AND attempts < $2
             AND (next_attempt_at IS NULL OR next_attempt_at <= now()))
         OR (status = 'refused' AND (refused_size_bytes IS NULL OR refused_size_bytes <= $3)))`;

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
  const { rows } = await db.query<DueAttachment>(
    `SELECT attachment_id AS "attachmentId", conversation_id AS "conversationId", message_id AS "messageId",
       name, mime_type AS "mimeType", url, attempts
     FROM hostaway.message_attachments
     WHERE ${DUE_NOW}
     ORDER BY attempts, attachment_id
     LIMIT $4`,
    [accountId, options.maxAttempts, options.maxBytes, options.limit],
  );
  return rows.map((r) => ({
    ...r,
    attachmentId: Number(r.attachmentId),
    conversationId: Number(r.conversationId),
    messageId: Number(r.messageId),
  }));
}

/** How many attachments `listDueAttachments` would list without a limit. */
export async function countDueAttachments(
  db: Queryable,
  accountId: number,
  options: { maxAttempts: number; maxBytes: number },
): Promise<number> {
  const { rows } = await db.query<{ count: string }>(
    `SELECT count(*) AS count FROM hostaway.message_attachments WHERE ${DUE_NOW}`,
    [accountId, options.maxAttempts, options.maxBytes],
  );
  return Number(rows[0]!.count);
}

/** The URL a re-fetched message now gives for the attachment. */
export async function updateAttachmentUrl(
  db: Queryable,
  accountId: number,
  attachmentId: number,
  url: string,
): Promise<void> {
  await db.query(
    `UPDATE hostaway.message_attachments SET url = $3, updated_at = now()
     WHERE account_id = $1 AND attachment_id = $2`,
    [accountId, attachmentId, url],
  );
}

/** The attachment now has its file (stored under `sha256`). */
export async function markAttachmentStored(
  db: Queryable,
  accountId: number,
  attachmentId: number,
  sha256: string,
): Promise<void> {
  await db.query(
    `UPDATE hostaway.message_attachments
     SET status = 'stored', sha256 = $3, attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL,
       refused_size_bytes = NULL, updated_at = now()
     WHERE account_id = $1 AND attachment_id = $2`,
    [accountId, attachmentId, sha256],
  );
}

/** A failed attempt: tried again after `retryInMs` by a later run, while attempts are left. */
export async function markAttachmentFailed(
  db: Queryable,
  accountId: number,
  attachmentId: number,
  failure: { error: string; retryInMs: number },
): Promise<void> {
  await db.query(
    `UPDATE hostaway.message_attachments
     SET status = 'failed', attempts = attempts + 1, last_error = $3,
       next_attempt_at = now() + $4::bigint * interval '1 millisecond', updated_at = now()
     WHERE account_id = $1 AND attachment_id = $2`,
    [accountId, attachmentId, failure.error, failure.retryInMs],
  );
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
  await db.query(
    `UPDATE hostaway.message_attachments
     SET status = 'refused', attempts = attempts + 1, last_error = $3, refused_size_bytes = $4,
       next_attempt_at = NULL, updated_at = now()
     WHERE account_id = $1 AND attachment_id = $2`,
    [accountId, attachmentId, refusal.reason, refusal.sizeBytes],
  );
}
