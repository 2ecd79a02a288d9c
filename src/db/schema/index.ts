export { hostawaySchema, SCHEMA_NAME } from './hostaway-schema.js';
export type { RawPayload } from './common-columns.js';
export { accounts, type Account, type NewAccount } from './accounts.js';
export { listings, type Listing, type NewListing } from './listings.js';
export { reservations, type Reservation, type NewReservation } from './reservations.js';
export { messages, type MessageThread, type NewMessageThread } from './messages.js';
export {
  syncRuns,
  SYNC_MODES,
  SYNC_RUN_STATUSES,
  type SyncMode,
  type SyncRunStatus,
  type SyncRun,
  type NewSyncRun,
} from './sync-runs.js';
export { syncState, type SyncState, type NewSyncState } from './sync-state.js';
export {
  webhookEvents,
  WEBHOOK_EVENT_STATUSES,
  type WebhookEventStatus,
  type WebhookEvent,
  type NewWebhookEvent,
} from './webhook-events.js';
export { threadFailures, type ThreadFailure } from './thread-failures.js';
export {
  ratePools,
  rateAccounts,
  rateLeases,
  type RatePool,
  type RateAccount,
  type RateLease,
} from './rate-budget.js';
export { resourceObjects, type ResourceObject, type NewResourceObject } from './resource-objects.js';
export { listingCalendar, type ListingCalendarDay, type NewListingCalendarDay } from './listing-calendar.js';
export {
  attachmentFiles,
  messageAttachments,
  ATTACHMENT_STATUSES,
  type AttachmentStatus,
  type AttachmentFile,
  type MessageAttachment,
} from './attachments.js';
export { accountLeases, type AccountLease } from './account-leases.js';
