import { accountNotFound, describeError, UsageError } from '../../errors.js';
import type { Database } from '../../db/database.js';
import {
  getWebhookAccount,
  saveWebhookRegistration,
  type WebhookAccount,
} from '../../db/webhooks/webhook-accounts-repo.js';
import { removeUnifiedWebhooks, sameWebhookUrl } from '../../hostaway/unified-webhooks.js';
import type { Runtime } from '../runtime.js';
import { accountApi } from './webhook-credentials.js';

// An account's webhook registration in Hostaway: used by webhook register/unregister and accounts remove.

/** The listener's public URL (http or https), normalised. */
export function parseWebhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`"${value}" is not a URL`, {
      hint: 'e.g. https://hooks.example.com/webhooks/hostaway',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`the webhook URL must be https:// (got ${url.protocol}//)`);
  return url.href;
}

export async function requireWebhookAccount(db: Database, accountId: number) {
  const account = await getWebhookAccount(db, accountId);
  if (!account) throw accountNotFound(accountId);
  return account;
}

/** Deletes the hooks for `url` (default: the registered one) and forgets the registration if it was it. */
export async function unregister(runtime: Runtime, db: Database, account: WebhookAccount, url?: string) {
  const removed = await removeUnifiedWebhooks(accountApi(runtime, db, account), {
    url: url ?? account.webhookUrl,
    id: url === undefined || sameWebhookUrl(url, account.webhookUrl ?? '') ? account.webhookId : null,
  });
  if (url === undefined || sameWebhookUrl(url, account.webhookUrl ?? ''))
    await saveWebhookRegistration(db, account.accountId, null);
  return removed;
}

/**
 * For `accounts remove --hard`: deletes the registered hook if there is one. Never throws: a failure is
 * reported (the caller tells the user to delete it in the Hostaway dashboard) and the removal goes on.
 */
export async function unregisterBestEffort(
  runtime: Runtime,
  db: Database,
  account: WebhookAccount | null,
): Promise<{ status: 'deleted' | 'none' | 'failed'; removed: number[]; error?: string }> {
  if (account === null || (account.webhookId === null && account.webhookUrl === null))
    return { status: 'none', removed: [] };
  try {
    return { status: 'deleted', removed: await unregister(runtime, db, account) };
  } catch (error) {
    runtime.logger.warn({ accountId: account.accountId, err: describeError(error) }, 'webhook not deleted');
    return { status: 'failed', removed: [], error: describeError(error) };
  }
}
