export { hostawaySchema, SCHEMA_NAME } from './hostaway-schema.js';
export type { RawPayload } from './common-columns.js';
export { accounts, type Account } from './accounts.js';
export { listings } from './listings.js';
export { reservations } from './reservations.js';
export { messages } from './messages.js';
export {
  syncRuns,
  SYNC_MODES,
  SYNC_RUN_STATUSES,
  type SyncMode,
  type SyncRunStatus,
  type SyncRun,
} from './sync-runs.js';
export { syncState, type SyncState } from './sync-state.js';
export { webhookEvents, WEBHOOK_EVENT_STATUSES, type WebhookEventStatus } from './webhook-events.js';
export { threadFailures } from './thread-failures.js';
export { ratePools, rateAccounts, rateLeases } from './rate-budget.js';
export { resourceObjects } from './resource-objects.js';
export { listingCalendar } from './listing-calendar.js';
export {
  attachmentFiles,
  messageAttachments,
  ATTACHMENT_STATUSES,
  type AttachmentStatus,
  type AttachmentFile,
  type MessageAttachment,
} from './attachments.js';
export { accountLeases, type AccountLease } from './account-leases.js';
export { webhookCoverage } from './webhook-coverage.js';
