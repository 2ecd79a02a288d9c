import { saveWebhookRegistration, type WebhookAccount } from '../../db/webhooks/webhook-accounts-repo.js';
import type { Database } from '../../db/database.js';
import { describeError, UsageError } from '../../errors.js';
import { removeUnifiedWebhooks, sameWebhookUrl } from '../../hostaway/unified-webhooks.js';
import { writeJson } from '../render/output.js';
import type { Runtime } from '../runtime.js';
import { accountApi } from '../support/webhook-credentials.js';
import { parseWebhookUrl, requireWebhookAccount } from './webhook-register.js';
import { type CommandUnknownOpts } from '@commander-js/extra-typings';
import { type OptionsOf, parsePositiveInt } from '../support/options.js';

export const configure = (webhook: CommandUnknownOpts) =>
  webhook
    .command('unregister')
    .description("delete the account's webhook from Hostaway (the one registered, or every hook for --url)")
    .requiredOption('--account <id>', 'Hostaway account id', parsePositiveInt)
    .option('--url <url>', 'delete the hooks for this URL')
    .option('--json', 'print the result as JSON on stdout');

type Options = OptionsOf<typeof configure>;

/** Deletes the hooks for `url` (default: the registered one) and forgets the registration if it was it. */
async function unregister(runtime: Runtime, db: Database, account: WebhookAccount, url?: string) {
  const removed = await removeUnifiedWebhooks(accountApi(runtime, db, account), {
    url: url ?? account.webhookUrl,
    id: url === undefined || sameWebhookUrl(url, account.webhookUrl ?? '') ? account.webhookId : null,
  });
  if (url === undefined || sameWebhookUrl(url, account.webhookUrl ?? ''))
    await saveWebhookRegistration(db, account.accountId, null);
  return removed;
}

export async function run(runtime: Runtime, options: Options): Promise<number> {
  const url = options.url === undefined ? undefined : parseWebhookUrl(options.url);
  const db = await runtime.openDatabase();
  const account = await requireWebhookAccount(db, options.account);
  if (url === undefined && account.webhookId === null && account.webhookUrl === null) {
    throw new UsageError(`account ${account.accountId} has no webhook registered by hostaway-sync`, {
      hint: 'pass --url to delete the hooks for a URL',
    });
  }
  const removed = await unregister(runtime, db, account, url);
  if (options.json) writeJson(runtime, { accountId: account.accountId, removed });
  else
    runtime.io.stderr.write(
      `${runtime.color.green('✔')} account ${account.accountId}: ${removed.length === 0 ? 'no webhook to delete' : `deleted webhook ${removed.join(', ')}`}\n`,
    );
  return 0;
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
