import { CONFIG_DEFAULTS } from '../../config.js';
import type { SyncState } from '../../db/schema/index.js';
import { isResourceDue } from '../due.js';
import type { SyncAccount, SyncMode, SyncSettings } from '../types.js';

/** What Hostaway's webhooks cover (reservation.created/updated, message.received); the rest stays polled. */
export const WEBHOOK_COVERED_RESOURCES: readonly string[] = ['reservations', 'threads'];

/**
 * An incremental run of an account in webhook mode leaves out the resources webhooks cover until their long
 * cadence (`webhookPollSeconds`) has passed since their last success: that pass is the safety net. Listings,
 * which no webhook covers, are left out likewise when `webhookListingsPollSeconds` is set (0: every run).
 */
export function leftOutInWebhookMode(
  input: { mode: SyncMode; account: SyncAccount; settings: SyncSettings; startedAt: Date },
  resource: string,
  state: SyncState | undefined,
): boolean {
  if (input.mode !== 'incremental' || input.account.webhookMode !== 'webhook') return false;
  const cadence = webhookModeCadenceSeconds(resource, input.settings);
  return cadence > 0 && !isResourceDue(input.mode, state, cadence, input.startedAt);
}

/** Seconds between two polls of a core resource of an account in webhook mode (0: every run). */
export function webhookModeCadenceSeconds(resource: string, settings: SyncSettings): number {
  if (WEBHOOK_COVERED_RESOURCES.includes(resource))
    return settings.webhookPollSeconds ?? CONFIG_DEFAULTS.webhookPollSeconds;
  if (resource === 'listings')
    return settings.webhookListingsPollSeconds ?? CONFIG_DEFAULTS.webhookListingsPollSeconds;
  return 0;
}

/** Polls of an account with webhook credentials count what the webhooks missed (a full sync does not). */
export function watchesWebhooks(mode: SyncMode, account: SyncAccount): boolean {
  return mode !== 'full' && account.webhookLogin != null;
}
