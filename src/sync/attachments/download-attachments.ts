import {
  countDueAttachments,
  listDueAttachments,
  markAttachmentFailed,
  markAttachmentRefused,
  markAttachmentStored,
  updateAttachmentUrl,
  type DueAttachment,
} from '../../db/attachments/attachment-downloads-repo.js';
import { hasAttachmentFile } from '../../db/attachments/attachment-files-repo.js';
import type { Database } from '../../db/database.js';
import { describeError, HostawayApiError } from '../../errors.js';
import type { AttachmentDownloader, DownloadOutcome } from '../../hostaway/attachment-download.js';
import type { AccountApi } from '../../hostaway/client.js';
import type { Logger } from '../../logger.js';
import { nextAttemptDelayMs, type AttachmentSettings } from './attachment-settings.js';
import type { AttachmentStore } from './attachment-store.js';
import { fetchFreshAttachmentUrl } from './fresh-attachment-url.js';

export interface DownloadPassDeps {
  db: Database;
  api: AccountApi;
  accountId: number;
  logger: Logger;
  downloader: AttachmentDownloader;
  store: AttachmentStore;
  settings: AttachmentSettings;
  /** Throws once a stop was requested; called before each file. */
  checkpoint(): void;
  /** Files done of this run's share, and how many due files the per-run cap leaves for later runs. */
  progress?(done: number, total: number, leftForNextRun: number): void;
}

export interface DownloadPassResult {
  /** Files downloaded (stored, or found already stored under their hash). */
  stored: number;
  /** Of those, files whose content the account already had (not stored again). */
  duplicates: number;
  failed: number;
  refused: number;
  /** Messages fetched again for a fresh URL (Hostaway API requests). */
  refetches: number;
}

/** Downloads the account's due attachments, `settings.concurrency` at a time, recording each outcome. */
export async function downloadDueAttachments(deps: DownloadPassDeps): Promise<DownloadPassResult> {
  const due = await listDueAttachments(deps.db, deps.accountId, {
    maxAttempts: deps.settings.maxAttempts,
    limit: deps.settings.perRun,
    maxBytes: deps.settings.maxBytes,
  });
  const leftForNextRun =
    due.length < deps.settings.perRun
      ? 0
      : (await countDueAttachments(deps.db, deps.accountId, deps.settings)) - due.length;
  const result: DownloadPassResult = { stored: 0, duplicates: 0, failed: 0, refused: 0, refetches: 0 };
  const report = () =>
    deps.progress?.(result.stored + result.failed + result.refused, due.length, leftForNextRun);
  report();
  // A stop request or an account-wide error ends the pass once the files in progress are recorded.
  let stop: unknown;
  let next = 0;
  const worker = async () => {
    while (stop === undefined && next < due.length) {
      const item = due[next++]!;
      try {
        deps.checkpoint();
        await downloadOne(deps, item, result);
        report();
      } catch (error) {
        stop ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.settings.concurrency, due.length) }, worker));
  if (stop !== undefined) throw stop;
  return result;
}

/**
 * One file: a 403/410 (an expired private URL) leads to one re-fetch of its message for a fresh URL and one
 * more try; what comes back is recorded. Errors that concern the whole account (credentials, interruption,
 * the database) are thrown.
 */
async function downloadOne(deps: DownloadPassDeps, item: DueAttachment, result: DownloadPassResult) {
  const { db, accountId } = deps;
  let url = item.url;
  for (let refetched = false; ; refetched = true) {
    const sink = deps.store.open();
    // No URL (Hostaway served none): as for an expired one, the message is asked for a fresh one.
    const outcome: DownloadOutcome =
      url === null
        ? { kind: 'expired', status: 0 }
        : await deps.downloader
            .download(url, sink)
            .catch((error: unknown) => ({ kind: 'failed', error: describeError(error) }) as const);
    if (outcome.kind === 'downloaded') {
      const duplicate = await hasAttachmentFile(db, accountId, outcome.sha256);
      if (duplicate) await sink.discard();
      else
        await sink.keep(db, {
          accountId,
          sha256: outcome.sha256,
          sizeBytes: outcome.sizeBytes,
          mimeType: outcome.mimeType,
          declaredMimeType: outcome.declaredMimeType,
        });
      await markAttachmentStored(db, accountId, item.attachmentId, outcome.sha256);
      result.stored += 1;
      if (duplicate) result.duplicates += 1;
      return;
    }
    await sink.discard();
    if (outcome.kind === 'too-large') {
      await markAttachmentRefused(db, accountId, item.attachmentId, outcome);
      result.refused += 1;
      deps.logger.warn({ attachmentId: item.attachmentId, reason: outcome.reason }, 'attachment refused');
      return;
    }
    if (outcome.kind === 'expired' && !refetched) {
      result.refetches += 1;
      const fresh = await freshUrl(deps, item);
      if (fresh.url !== undefined && fresh.url !== url) {
        await updateAttachmentUrl(db, accountId, item.attachmentId, fresh.url);
        url = fresh.url;
        continue;
      }
      const why = outcome.status === 0 ? 'no URL' : `HTTP ${outcome.status}`;
      return recordFailure(
        deps,
        item,
        result,
        fresh.error ?? `${why}; the re-fetched message gives no new URL`,
      );
    }
    const error =
      outcome.kind === 'expired'
        ? `HTTP ${outcome.status} with a fresh URL too`
        : outcome.kind === 'blocked'
          ? `blocked: ${outcome.reason}`
          : outcome.error;
    return recordFailure(deps, item, result, error);
  }
}

/** The re-fetched URL; a Hostaway answer about this message (404, fail) is a failure of this file only. */
async function freshUrl(deps: DownloadPassDeps, item: DueAttachment) {
  try {
    return { url: await fetchFreshAttachmentUrl(deps.api, item) };
  } catch (error) {
    if (error instanceof HostawayApiError)
      return { url: undefined, error: `re-fetching message ${item.messageId}: ${error.message}` };
    throw error;
  }
}

async function recordFailure(
  deps: DownloadPassDeps,
  item: DueAttachment,
  result: DownloadPassResult,
  error: string,
) {
  const attempts = item.attempts + 1;
  const retryInMs = nextAttemptDelayMs(attempts, deps.settings);
  await markAttachmentFailed(deps.db, deps.accountId, item.attachmentId, { error, retryInMs });
  result.failed += 1;
  deps.logger.warn(
    { attachmentId: item.attachmentId, attempts, err: error, givenUp: attempts >= deps.settings.maxAttempts },
    'attachment download failed',
  );
}
