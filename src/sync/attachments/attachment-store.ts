import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Database } from '../../db/database.js';
import {
  contentAsText,
  insertAttachmentFile,
  isStoredFileReferenced,
  lockFileContent,
} from '../../db/attachments/attachment-files-repo.js';
import type { DownloadSink } from '../../hostaway/attachment-download.js';
import { resolveStoragePath } from './storage-path.js';

export interface StoredFileFacts {
  accountId: number;
  sha256: string;
  sizeBytes: number;
  /** Sniffed from the first bytes. */
  mimeType: string | null;
  /** As the server declared it (Content-Type). */
  declaredMimeType?: string | null;
}

/** One download's bytes on their way in: kept under their hash once complete, or discarded. */
export interface StoreSink extends DownloadSink {
  keep(db: Database, file: StoredFileFacts): Promise<void>;
  discard(): Promise<void>;
}

export interface AttachmentStore {
  open(): StoreSink;
}

/** The default: the bytes go into `attachment_files.content` (bytea), held in memory up to the size cap. */
export function createDatabaseStore(): AttachmentStore {
  return {
    open() {
      let chunks: Buffer[] = [];
      return {
        write: async (chunk) => void chunks.push(chunk),
        reset: async () => void (chunks = []),
        discard: async () => void (chunks = []),
        keep: (db, file) =>
          insertAttachmentFile(
            db,
            { ...file, content: Buffer.concat(chunks) },
            { contentAsText: contentAsText(db) },
          ),
      };
    },
  };
}

/** Where a file with this content lives under the store's root: `ab/cd/abcd…` (content-addressed). */
export function storagePathOf(sha256: string): string {
  return join(sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Store files are readable by their owner only, and so are the folders they are in. */
const FILE_MODE = 0o600;
const FOLDER_MODE = 0o700;

/**
 * Files under `root` (HOSTAWAY_ATTACHMENTS_DIR), for estates too large for the database: each download is
 * written to a temporary file in `root/.incoming`, flushed, then renamed to its content-addressed path, so a
 * crash never leaves a partial file under a hash. The row records the path relative to `root`. Files are
 * created 0600 and folders 0700 (guests' documents).
 */
export function createDirectoryStore(root: string): AttachmentStore {
  const incoming = join(root, '.incoming');
  return {
    open() {
      const temp = join(incoming, `${process.pid}-${randomBytes(8).toString('hex')}`);
      let handle: FileHandle | undefined;
      const close = async () => {
        await handle?.close();
        handle = undefined;
      };
      const discard = async () => {
        await close();
        await rm(temp, { force: true });
      };
      return {
        async write(chunk) {
          if (handle === undefined) {
            await mkdir(incoming, { recursive: true, mode: FOLDER_MODE });
            handle = await open(temp, 'w', FILE_MODE);
          }
          await handle.write(chunk);
        },
        reset: discard,
        discard,
        async keep(db, file) {
          if (handle === undefined) {
            await mkdir(incoming, { recursive: true, mode: FOLDER_MODE });
            handle = await open(temp, 'w', FILE_MODE); // an empty file
          }
          await handle.sync();
          await close();
          const path = storagePathOf(file.sha256);
          await mkdir(dirname(join(root, path)), { recursive: true, mode: FOLDER_MODE });
          await db.transaction(async (tx) => {
            await lockFileContent(tx, file.sha256);
            await rename(temp, join(root, path));
            await insertAttachmentFile(tx, { ...file, storagePath: path });
          });
        },
      };
    },
  };
}

/**
 * Deletes the given files from the store under `root` unless a row still refers to them (the same content
 * kept by another account): each under its content lock, so a download of the same content meanwhile is
 * never undone. A path that is not safe (see resolveStoragePath) is left alone. Returns how many files were
 * deleted; a file already gone counts as deleted.
 */
export async function deleteUnreferencedFiles(
  db: Database,
  root: string,
  files: readonly { sha256: string; storagePath: string }[],
): Promise<number> {
  let deleted = 0;
  for (const file of files) {
    const removed = await db.transaction(async (tx) => {
      await lockFileContent(tx, file.sha256);
      if (await isStoredFileReferenced(tx, file.sha256)) return false;
      const path = await resolveStoragePath(root, file.storagePath);
      if (path === undefined) return false;
      await rm(path, { force: true });
      return true;
    });
    if (removed) deleted += 1;
  }
  return deleted;
}
