import { discoverAttachments } from '../../db/sql/discover-attachments.js';
import { createAttachmentDownloader } from '../../hostaway/attachment-download.js';
import { VERSION } from '../../version.js';
import { DEFAULT_ATTACHMENT_SETTINGS, type AttachmentSettings } from '../attachments/attachment-settings.js';
import { createDatabaseStore, createDirectoryStore } from '../attachments/attachment-store.js';
import { downloadDueAttachments } from '../attachments/download-attachments.js';
import type { ResourceContext, ResourceResult, SyncSettings } from '../types.js';
import { writtenSince } from './commit-overlap.js';
import type { Resource } from '../resource.js';

interface AttachmentsCursor {
  threadsSince: string;
}

function settingsOf(settings: SyncSettings): AttachmentSettings {
  return { ...DEFAULT_ATTACHMENT_SETTINGS, ...settings.attachments };
}

function sinceOf(ctx: ResourceContext): Date | null {
  if (ctx.mode !== 'incremental') return null;
  return writtenSince((ctx.cursor as Partial<AttachmentsCursor> | undefined)?.threadsSince);
}

/**
 * Message attachments, on for accounts with `download_attachments`: finds the attachments of stored
 * threads (those written since the last pass; every thread on full and reconcile runs) and downloads
 * each file once, keeping it under its SHA-256 (the same content once per account). Files are not the
 * API; only re-fetching a message whose private URL expired costs a request.
 */
export const attachmentsResource: Resource = {
  name: 'attachments',
  core: false,
  endpoint: '/conversations/{id}/messages/{id}',
  table: 'message_attachments',
  key: 'attachment id',
  changes: 'changed-parents',
  deletion: 'none',
  defaultCadenceSeconds: 0,
  // Downloads are not API requests; each expired private URL adds one message re-fetch.
  requestsPerRun: () => 0,
  async sync(ctx: ResourceContext): Promise<ResourceResult> {
    const settings = settingsOf(ctx.settings);
    const counts = ctx.counts;
    const discovered = await discoverAttachments(ctx.db, ctx.account, sinceOf(ctx));
    counts.inserted = discovered.inserted;
    counts.updated = discovered.updated;
    counts.unchanged = discovered.found - discovered.inserted - discovered.updated;
    ctx.setCursor({ threadsSince: discovered.scannedAt.toISOString() } satisfies AttachmentsCursor);
    const downloader = createAttachmentDownloader({
      concurrency: settings.concurrency,
      perSecond: settings.perSecond,
      timeoutMs: settings.timeoutMs,
      maxRetries: settings.retries,
      retryBaseMs: settings.retryBaseMs,
      maxBytes: settings.maxBytes,
      userAgent: `hostaway-sync/${VERSION}`,
      allowedHosts: settings.allowedHosts,
      localAddress: settings.localAddress,
    });
    try {
      const pass = await downloadDueAttachments({
        db: ctx.db,
        api: ctx.api,
        accountId: ctx.account.accountId,
        logger: ctx.logger,
        downloader,
        store: settings.dir === undefined ? createDatabaseStore() : createDirectoryStore(settings.dir),
        settings,
        checkpoint: () => ctx.checkpoint(),
        progress: (done, total, leftForNextRun) => ctx.progress(done, total, leftForNextRun),
      });
      counts.fetched = pass.stored;
      counts.failed = pass.failed;
      counts.skipped = pass.refused;
      ctx.logger.info({ ...discovered, ...pass }, 'attachments synced');
      return { ...counts, status: pass.failed > 0 ? 'partial' : 'succeeded', requests: pass.refetches };
    } finally {
      downloader.close();
    }
  },
};
