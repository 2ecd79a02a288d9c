import { readAttachmentContent } from '../../db/attachments/attachment-files-repo.js';
import { findAttachment, type AttachmentListing } from '../../db/attachments/attachment-queries.js';
import type { Database } from '../../db/database.js';
import { ConfigError, NotFoundError, TemporaryError, UsageError } from '../../errors.js';
import { resolveStoragePath } from './storage-path.js';

/** A stored file's bytes: in the database, or a file of the directory store. */
export type AttachmentContent = { kind: 'bytes'; bytes: Buffer } | { kind: 'file'; path: string };

/**
 * The stored attachment `attachmentId` and where its bytes are. Throws a one-line error when the id is
 * unknown (or belongs to several accounts and none was named), when the file is not downloaded (yet), or
 * when it lives in a file store that is not configured.
 */
export async function locateAttachment(
  db: Database,
  attachmentId: number,
  options: { accountId?: number; dir: string | undefined },
): Promise<{ attachment: AttachmentListing; content: AttachmentContent }> {
  const found = await findAttachment(db, attachmentId, options.accountId);
  const attachment = found[0];
  if (attachment === undefined) {
    const where = options.accountId === undefined ? '' : ` in account ${options.accountId}`;
    throw new NotFoundError(`attachment ${attachmentId} does not exist${where}`, {
      hint: 'see hostaway-sync attachments list',
    });
  }
  if (found.length > 1)
    throw new UsageError(`attachment ${attachmentId} exists in several accounts`, {
      hint: `name one with --account (${found.map((a) => a.accountId).join(', ')})`,
    });
  if (attachment.status !== 'stored' || attachment.sha256 === null) throw notStored(attachment);
  if (attachment.storagePath !== null) {
    if (options.dir === undefined)
      throw new ConfigError(`attachment ${attachmentId} is kept in a file store, but none is configured`, {
        hint: 'set HOSTAWAY_ATTACHMENTS_DIR to the directory the sync stores files in',
      });
    const path = await resolveStoragePath(options.dir, attachment.storagePath);
    if (path === undefined)
      throw new ConfigError(
        `attachment ${attachmentId}'s stored path ${JSON.stringify(attachment.storagePath)} leads outside the file store`,
        { hint: 'check hostaway.attachment_files.storage_path and the links in HOSTAWAY_ATTACHMENTS_DIR' },
      );
    return { attachment, content: { kind: 'file', path } };
  }
  const bytes = await readAttachmentContent(db, attachment.accountId, attachment.sha256);
  if (bytes === null) throw notStored(attachment);
  return { attachment, content: { kind: 'bytes', bytes } };
}

function notStored(attachment: AttachmentListing) {
  const why = attachment.lastError ? `: ${attachment.lastError}` : '';
  const what = `attachment ${attachment.attachmentId} is not downloaded (${attachment.status}${why})`;
  if (attachment.status === 'refused')
    return new UsageError(what, {
      hint: 'raise HOSTAWAY_ATTACHMENT_MAX_BYTES; the next sync full downloads it',
    });
  return new TemporaryError(what, { hint: 'a later sync downloads it; see hostaway-sync attachments list' });
}
