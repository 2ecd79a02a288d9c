import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { UsageError } from '../../errors.js';
import { writeJson } from '../render/output.js';
import type { Runtime } from '../runtime.js';
import { parseWebhookUrl, requireWebhookAccount, unregister } from '../support/webhook-registration.js';
import { accountIdOption, jsonOption, type OptionsOf } from '../support/options.js';

export const configure = (webhook: CommandUnknownOpts) =>
  webhook
    .command('unregister')
    .description("delete the account's webhook from Hostaway (the one registered, or every hook for --url)")
    .addOption(accountIdOption('--account <id>').makeOptionMandatory())
    .option('--url <url>', 'delete the hooks for this URL')
    .addOption(jsonOption());

type Options = OptionsOf<typeof configure>;

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
