import { CONFIG_DEFAULTS } from '../../config.js';
import type { SyncState } from '../../db/schema/index.js';
import { cadenceSeconds, isResourceDue, nextResourceDueAt } from '../due.js';
import type { Resource } from '../resource.js';
import { nextProbeAt } from '../unavailable.js';
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

/**
 * When an incremental run next has work for an account in webhook mode: the earliest time one of its
 * resources is due again (core ones on their webhook-mode cadence, the enabled optional ones on theirs or
 * their next probe), from the sync state the run left. Null when one is read every run or must be retried:
 * the account cadence then. Between, the account's runs would do nothing, so `--due` schedules none.
 */
export function webhookModeIdleUntil(
  resources: readonly Resource[],
  input: { enabled: ReadonlySet<string>; settings: SyncSettings; states: ReadonlyMap<string, SyncState> },
): Date | null {
  let earliest: Date | null = null;
  for (const resource of resources) {
    if (!resource.core && !input.enabled.has(resource.name)) continue;
    const state = input.states.get(resource.name);
    const cadence = resource.core
      ? webhookModeCadenceSeconds(resource.name, input.settings)
      : cadenceSeconds(resource, input.settings);
    if (cadence === 0) return null;
    const due = (!resource.core && nextProbeAt(state, input.settings)) || nextResourceDueAt(state, cadence);
    if (due === null) return null;
    if (earliest === null || due < earliest) earliest = due;
  }
  return earliest;
}
