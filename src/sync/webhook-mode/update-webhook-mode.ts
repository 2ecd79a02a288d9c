import { CONFIG_DEFAULTS } from '../../config.js';
import type { Account } from '../../db/schema/index.js';
import { countWebhookEventsSince, saveWebhookMode } from '../../db/accounts/webhook-mode-repo.js';
import type { Database } from '../../db/database.js';
import { addPollFirstChanges } from '../../db/accounts/webhook-coverage-repo.js';
import { describeError } from '../../errors.js';
import type { AccountApi } from '../../hostaway/client.js';
import { fetchWebhookHealth } from '../../hostaway/unified-webhooks.js';
import type { Logger } from '../../logger.js';
import type { ResourceResults, SyncSettings } from '../types.js';
import { chooseWebhookMode, needsUpstreamCheck, type WebhookMode } from './choose-mode.js';
import { WEBHOOK_COVERED_RESOURCES } from './polled-resources.js';

/**
 * After a run: gathers the evidence (changes its poll found that webhooks missed, deliveries stored, the
 * hook and its delivery log in Hostaway when they can change the answer) and stores the account's mode.
 * The missed changes also count as seen first by a poll in the account's webhook coverage.
 * A failure here never fails the run: the mode stays as it was. Returns the mode in effect afterwards.
 */
export async function updateWebhookMode(
  deps: { db: Database; api: AccountApi; logger: Logger; settings?: SyncSettings },
  account: Account,
  resources: ResourceResults,
): Promise<WebhookMode> {
  const current: WebhookMode = account.webhookMode === 'webhook' ? 'webhook' : 'polling';
  const hasCredentials = account.webhookLogin !== null;
  if (!hasCredentials && current === 'polling' && account.webhookModeReason !== null) return current;
  try {
    const missed = missedChanges(resources);
    await addPollFirstChanges(deps.db, account.accountId, missed ?? 0);
    const evidence = {
      current,
      reason: account.webhookModeReason,
      hasCredentials,
      missedChanges: missed,
      deliveriesSince: hasCredentials
        ? await countWebhookEventsSince(deps.db, account.accountId, account.webhookModeSince)
        : 0,
      healthyDeliveries: deps.settings?.webhookHealthyDeliveries ?? CONFIG_DEFAULTS.webhookHealthyDeliveries,
    };
    const upstream = needsUpstreamCheck(evidence)
      ? await fetchWebhookHealth(deps.api, { id: account.webhookId, login: account.webhookLogin })
      : undefined;
    const choice = chooseWebhookMode({ ...evidence, ...(upstream === undefined ? {} : { upstream }) });
    if (choice === undefined) return current;
    await saveWebhookMode(deps.db, account.accountId, choice);
    if (choice.mode !== current)
      deps.logger.info(
        { accountId: account.accountId, mode: choice.mode, reason: choice.reason },
        'webhook mode',
      );
    return choice.mode;
  } catch (error) {
    deps.logger.warn({ accountId: account.accountId, err: describeError(error) }, 'webhook mode not updated');
    return current;
  }
}

/** Missed changes of the covered resources this run polled successfully (undefined: none polled). */
function missedChanges(resources: ResourceResults): number | undefined {
  const polled = WEBHOOK_COVERED_RESOURCES.map((name) => resources[name]).filter(
    (r) => r !== undefined && (r.status === 'succeeded' || r.status === 'partial'),
  );
  if (polled.length === 0) return undefined;
  return polled.reduce((sum, r) => sum + (r?.missedByWebhooks ?? 0), 0);
}
