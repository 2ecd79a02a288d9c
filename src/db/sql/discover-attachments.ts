import type { Queryable } from '../database.js';

export interface DiscoveredAttachments {
  /** Attachments found in the threads read. */
  found: number;
  inserted: number;
  /** Rows whose name, type, URL or message changed (a thread written since the row was). */
  updated: number;
  /** The database's clock when the threads were read (the next pass reads threads written since). */
  scannedAt: Date;
}

/**
 * Finds the attachments (`raw_messages[].attachments[]`) of the account's stored threads written at or after
 * `since` (null: every thread) and records the new ones in `message_attachments` as pending. A known row
 * takes the thread's values only when the thread was written after the row: a fresher URL fetched for a
 * download is not overwritten by the older one the thread still holds. A failed row whose URL changed is
 * tried again at once; a row refused as too large is pending again when it names another file (its message,
 * or its URL other than the query, which re-signing changes). Ids that are not plain integers are skipped.
 */
export async function discoverAttachments(
  db: Queryable,
  account: { accountId: number; customerId: string },
  since: Date | null,
): Promise<DiscoveredAttachments> {
  const { rows } = await db.query<DiscoveredAttachments>(
    `WITH found AS (
       SELECT DISTINCT ON (attachment_id) * FROM (
         SELECT (a->>'id')::bigint AS attachment_id, m.conversation_id, (msg->>'id')::bigint AS message_id,
           a->>'name' AS name, a->>'mimeType' AS mime_type, coalesce(a->>'isPublic' IN ('1', 'true'), false)
           AS is_public, a->>'url' AS url, m.updated_at AS thread_updated_at
         FROM hostaway.messages m
         CROSS JOIN LATERAL jsonb_array_elements(
           CASE jsonb_typeof(m.raw_messages) WHEN 'array' THEN m.raw_messages ELSE '[]'::jsonb END) msg
         CROSS JOIN LATERAL jsonb_array_elements(
           CASE jsonb_typeof(msg->'attachments') WHEN 'array' THEN msg->'attachments' ELSE '[]'::jsonb END) a
         WHERE m.account_id = $1 AND ($3::timestamptz IS NULL OR m.updated_at >= $3::timestamptz)
           AND jsonb_typeof(a) = 'object' AND a->>'id' ~ '^[0-9]{1,18}$' AND msg->>'id' ~ '^[0-9]{1,18}$'
       ) x ORDER BY attachment_id, thread_updated_at DESC
     ), updated AS (
       UPDATE hostaway.message_attachments t
       SET conversation_id = f.conversation_id, message_id = f.message_id, name = f.name,
         mime_type = f.mime_type, is_public = f.is_public, url = f.url, updated_at = now(),
         next_attempt_at = CASE WHEN t.status = 'failed' AND t.url IS DISTINCT FROM f.url THEN NULL
           ELSE t.next_attempt_at END,
         status = CASE WHEN t.status = 'refused' AND (t.message_id <> f.message_id
             OR split_part(t.url, '?', 1) IS DISTINCT FROM split_part(f.url, '?', 1)) THEN 'pending'
           ELSE t.status END
       FROM found f
       WHERE t.account_id = $1 AND t.attachment_id = f.attachment_id AND t.updated_at < f.thread_updated_at
         AND (t.conversation_id, t.message_id, t.name, t.mime_type, t.is_public, t.url)
           IS DISTINCT FROM (f.conversation_id, f.message_id, f.name, f.mime_type, f.is_public, f.url)
       RETURNING 1
     ), inserted AS (
       INSERT INTO hostaway.message_attachments
         (account_id, attachment_id, customer_id, conversation_id, message_id, name, mime_type, is_public, url)
       SELECT $1, f.attachment_id, $2, f.conversation_id, f.message_id, f.name, f.mime_type, f.is_public, f.url
       FROM found f
       WHERE NOT EXISTS (SELECT 1 FROM hostaway.message_attachments t
                         WHERE t.account_id = $1 AND t.attachment_id = f.attachment_id)
       ON CONFLICT (account_id, attachment_id) DO NOTHING
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM found)::int AS found, (SELECT count(*) FROM inserted)::int AS inserted,
       (SELECT count(*) FROM updated)::int AS updated, now() AS "scannedAt"`,
    [account.accountId, account.customerId, since?.toISOString() ?? null],
  );
  return rows[0]!;
}
