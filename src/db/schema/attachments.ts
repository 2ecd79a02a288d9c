import { bigint, boolean, customType, index, integer, primaryKey, text } from 'drizzle-orm/pg-core';
import { accountIdColumn, customerIdColumn } from './common-columns.js';
import { hostawaySchema, timestamptz, timestamptzNow } from './hostaway-schema.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Downloaded attachment contents, one row per account and SHA-256 (the same file sent twice is stored once).
 * `content` holds the bytes when files are kept in the database (the default); with a file store configured
 * it is null and `storage_path` names the file, relative to the store's root.
 */
export const attachmentFiles = hostawaySchema.table(
  'attachment_files',
  {
    accountId: accountIdColumn(),
    /** Lower-case hex SHA-256 of the content. */
    sha256: text('sha256').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    /** The type its first bytes show (not what the server said). */
    mimeType: text('mime_type'),
    /** The Content-Type the file was served with. */
    declaredMimeType: text('declared_mime_type'),
    content: bytea('content'),
    storagePath: text('storage_path'),
    createdAt: timestamptzNow('created_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.sha256] })],
);

export const ATTACHMENT_STATUSES = ['pending', 'stored', 'failed', 'refused'] as const;
export type AttachmentStatus = (typeof ATTACHMENT_STATUSES)[number];

/** One row per attachment of a stored message, with where its download stands. */
export const messageAttachments = hostawaySchema.table(
  'message_attachments',
  {
    accountId: accountIdColumn(),
    /** Hostaway's attachment id. */
    attachmentId: bigint('attachment_id', { mode: 'number' }).notNull(),
    customerId: customerIdColumn(),
    conversationId: bigint('conversation_id', { mode: 'number' }).notNull(),
    messageId: bigint('message_id', { mode: 'number' }).notNull(),
    name: text('name'),
    mimeType: text('mime_type'),
    isPublic: boolean('is_public').notNull().default(false),
    /** The URL as last served (private ones expire 7 days after they were generated). */
    url: text('url'),
    status: text('status').$type<AttachmentStatus>().notNull().default('pending'),
    sha256: text('sha256'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Refused as too large: the size seen (Content-Length, or the bytes read when reading stopped). */
    refusedSizeBytes: bigint('refused_size_bytes', { mode: 'number' }),
    nextAttemptAt: timestamptz('next_attempt_at'),
    createdAt: timestamptzNow('created_at'),
    updatedAt: timestamptzNow('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.attachmentId] }),
    index('message_attachments_status_idx').on(t.accountId, t.status, t.nextAttemptAt),
    index('message_attachments_sha_idx').on(t.accountId, t.sha256),
  ],
);

export type AttachmentFile = typeof attachmentFiles.$inferSelect;
export type MessageAttachment = typeof messageAttachments.$inferSelect;
