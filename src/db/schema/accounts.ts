import { bigint, boolean, index, text, uuid } from 'drizzle-orm/pg-core';
import { hostawaySchema, timestamptz, timestamptzNow } from './hostaway-schema.js';

/** One row per Hostaway account (tenant). `account_id` is Hostaway's own id, never generated here. */
export const accounts = hostawaySchema.table(
  'accounts',
  {
    accountId: bigint('account_id', { mode: 'number' }).primaryKey(),
    customerId: uuid('customer_id').notNull(),
    /** Stored as given by the caller (which encrypts it when an encryption key is configured). */
    clientSecret: text('client_secret').notNull(),
    accessToken: text('access_token'),
    accessTokenExpiresAt: timestamptz('access_token_expires_at'),
    isActive: boolean('is_active').notNull().default(true),
    lastSyncAt: timestamptz('last_sync_at'),
    /** The egress pool (one public IP or NAT pool) whose rate budget this account's requests draw from. */
    egressPool: text('egress_pool').notNull().default('default'),
    /** When the account's next incremental / reconcile run is due (fleet scheduling, database clock). */
    incrementalDueAt: timestamptzNow('incremental_due_at'),
    reconcileDueAt: timestamptzNow('reconcile_due_at'),
    /** Resources synced beyond the core three (registry names); null: the default set. */
    resources: text('resources').array(),
    /** Download every attachment of the account's stored messages (`accounts add|update --attachments`). */
    downloadAttachments: boolean('download_attachments').notNull().default(false),
    /** Basic credentials Hostaway sends with this account's webhooks: the login and a scrypt hash. */
    webhookLogin: text('webhook_login'),
    webhookPasswordHash: text('webhook_password_hash'),
    /** The unified webhook `webhook register` created in Hostaway (id and URL), for unregistering. */
    webhookId: bigint('webhook_id', { mode: 'number' }),
    webhookUrl: text('webhook_url'),
    /**
     * 'webhook': deliveries proved healthy, so reservations and threads are polled on the long cadence only;
     * 'polling': every incremental run polls them. Chosen from evidence after each poll (src/sync/webhook-mode/).
     */
    webhookMode: text('webhook_mode').notNull().default('polling'),
    /** Why the account is in its mode (one line, shown in `status`). */
    webhookModeReason: text('webhook_mode_reason'),
    /** When the mode last changed: deliveries counted for the way back to 'webhook' start here. */
    webhookModeSince: timestamptzNow('webhook_mode_since'),
    createdAt: timestamptzNow('created_at'),
    updatedAt: timestamptzNow('updated_at'),
  },
  (t) => [
    index('accounts_pool_incremental_due_idx').on(t.egressPool, t.incrementalDueAt),
    index('accounts_pool_reconcile_due_idx').on(t.egressPool, t.reconcileDueAt),
  ],
);

export type Account = typeof accounts.$inferSelect;
