import type { Queryable } from '../database.js';
import type { AttachmentStatus, MessageAttachment } from '../schema/attachments.js';

/** An attachment row with the size and place of its file (null until it is stored). */
export type AttachmentListing = Omit<MessageAttachment, 'customerId' | 'createdAt'> & {
  sizeBytes: number | null;
  storagePath: string | null;
};

const LISTING_COLUMNS = `a.account_id AS "accountId", a.attachment_id AS "attachmentId",
  a.conversation_id AS "conversationId", a.message_id AS "messageId", a.name, a.mime_type AS "mimeType",
  a.is_public AS "isPublic", a.url, a.status, a.sha256, a.attempts, a.last_error AS "lastError",
  a.next_attempt_at AS "nextAttemptAt", a.updated_at AS "updatedAt", f.size_bytes AS "sizeBytes",
  f.storage_path AS "storagePath"`;
const FROM = `hostaway.message_attachments a
  LEFT JOIN hostaway.attachment_files f ON f.account_id = a.account_id AND f.sha256 = a.sha256`;

function toListing(row: AttachmentListing): AttachmentListing {
  return {
    ...row,
    accountId: Number(row.accountId),
    attachmentId: Number(row.attachmentId),
    conversationId: Number(row.conversationId),
    messageId: Number(row.messageId),
    sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
  };
}

export async function listAttachments(
  db: Queryable,
  filter: { accountIds?: readonly number[]; statuses?: readonly AttachmentStatus[]; limit: number },
): Promise<AttachmentListing[]> {
  const { rows } = await db.query<AttachmentListing>(
    `SELECT ${LISTING_COLUMNS} FROM ${FROM}
     WHERE ($1::jsonb IS NULL OR a.account_id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint))
       AND ($2::jsonb IS NULL OR a.status IN (SELECT jsonb_array_elements_text($2::jsonb)))
     ORDER BY a.account_id, a.attachment_id
     LIMIT $3`,
    [
      filter.accountIds?.length ? JSON.stringify(filter.accountIds) : null,
      filter.statuses?.length ? JSON.stringify(filter.statuses) : null,
      filter.limit,
    ],
  );
  return rows.map(toListing);
}

/** Every account's rows with this attachment id (Hostaway's ids are global, so normally one). */
export async function findAttachment(
  db: Queryable,
  attachmentId: number,
  accountId?: number,
): Promise<AttachmentListing[]> {
  const { rows } = await db.query<AttachmentListing>(
    `SELECT ${LISTING_COLUMNS} FROM ${FROM}
     WHERE a.attachment_id = $1 AND ($2::bigint IS NULL OR a.account_id = $2)
     ORDER BY a.account_id`,
    [attachmentId, accountId ?? null],
  );
  return rows.map(toListing);
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

/** Attachment rows per account by where their download stands. */
export async function countAttachments(
  db: Queryable,
  maxAttempts: number,
): Promise<Map<number, AttachmentCounts>> {
  const { rows } = await db.query<AttachmentCounts & { accountId: number }>(
    `SELECT account_id AS "accountId",
       count(*) FILTER (WHERE status = 'stored')::int AS stored,
       count(*) FILTER (WHERE status = 'pending')::int AS pending,
       count(*) FILTER (WHERE status = 'failed' AND attempts < $1)::int AS failed,
       count(*) FILTER (WHERE status = 'failed' AND attempts >= $1)::int AS "givenUp",
       count(*) FILTER (WHERE status = 'refused')::int AS refused
     FROM hostaway.message_attachments GROUP BY account_id`,
    [maxAttempts],
  );
  return new Map(rows.map(({ accountId, ...counts }) => [Number(accountId), counts]));
}
