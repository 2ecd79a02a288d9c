import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { saveWebhookCredentials, saveWebhookRegistration } from '../../db/webhooks/webhook-accounts-repo.js';
import { ensureUnifiedWebhook } from '../../hostaway/unified-webhooks.js';
import { hashWebhookPassword } from '../../webhook/password-hash.js';
import { writeJson } from '../render/output.js';
import type { Runtime } from '../runtime.js';
import { accountApi, obtainWebhookPassword, parseWebhookLogin } from '../support/webhook-credentials.js';
import { parseWebhookUrl, requireWebhookAccount } from '../support/webhook-registration.js';
import { accountIdOption, examples, jsonOption, type OptionsOf } from '../support/options.js';

export const configure = (webhook: CommandUnknownOpts) =>
  webhook
    .command('register')
    .description("create or update the account's unified webhook in Hostaway, with Basic credentials")
    .addOption(accountIdOption('--account <id>').makeOptionMandatory())
    .requiredOption(
      '--url <url>',
      'public URL of the listener, e.g. https://hooks.example.com/webhooks/hostaway',
    )
    .option(
      '--webhook-login <login>',
      'Basic login (default: HOSTAWAY_WEBHOOK_LOGIN or hostaway-sync-<account>)',
    )
    .option(
      '--webhook-password-stdin',
      'read the Basic password from stdin (default: HOSTAWAY_WEBHOOK_PASSWORD, else a random one)',
    )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples('hostaway-sync webhook register --account 12345 --url https://example.com/hook'),
    );

type Options = OptionsOf<typeof configure>;

/**
 * Idempotent: one hook per URL (reused and updated, duplicates deleted), Basic credentials set on it,
 * their hash stored locally for the listener. Without a password given, a random one is set each run.
 */
export async function run(runtime: Runtime, options: Options): Promise<number> {
  const url = parseWebhookUrl(options.url);
  const db = await runtime.openDatabase();
  const account = await requireWebhookAccount(db, options.account);
  const login = parseWebhookLogin(
    options.webhookLogin ??
      runtime.config.webhook.login ??
      account.webhookLogin ??
      `hostaway-sync-${account.accountId}`,
  );
  const { password, generated } = await obtainWebhookPassword(
    runtime,
    options.webhookPasswordStdin,
    'generate',
  );
  const passwordHash = await hashWebhookPassword(password);
  const result = await ensureUnifiedWebhook(
    accountApi(runtime, db, account),
    { url, login, password },
    account.webhookId,
  );
  await saveWebhookCredentials(db, account.accountId, { login, passwordHash });
  await saveWebhookRegistration(db, account.accountId, { webhookId: result.webhook.id, url });
  const summary = {
    accountId: account.accountId,
    webhookId: result.webhook.id,
    url,
    login,
    action: result.action,
    removedDuplicates: result.removedDuplicates,
    passwordGenerated: generated,
  };
  if (options.json) writeJson(runtime, summary);
  else {
    const { color } = runtime;
    const extra =
      result.removedDuplicates.length > 0 ? `, ${result.removedDuplicates.length} duplicate(s) deleted` : '';
    runtime.io.stderr.write(
      `${color.green('✔')} webhook ${result.webhook.id} ${result.action} for account ${account.accountId}: ${url} (login ${login}${extra})\n`,
    );
  }
  if (url.startsWith('http:'))
    runtime.io.stderr.write(
      `${runtime.color.yellow('!')} the URL is not https: Basic credentials travel in clear text\n`,
    );
  return 0;
}
