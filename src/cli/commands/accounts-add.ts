import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { randomUUID } from 'node:crypto';
import { insertAccount, saveAccessToken, updateAccount } from '../../db/accounts/accounts-repo.js';
import { saveWebhookCredentials } from '../../db/webhooks/webhook-accounts-repo.js';
import type { Runtime } from '../runtime.js';
import { writeJson } from '../render/output.js';
import { runtimeSecrets } from '../secrets.js';
import { isUuid, obtainClientSecret, parseCustomerId, valueOrPrompt } from '../support/obtain-value.js';
import { reportDone } from '../support/report-done.js';
import { verifyCredentials } from '../support/verify-credentials.js';
import { assertOneStdinSecret, webhookCredentialsFromOptions } from '../support/webhook-credentials.js';
import {
  accountIdOption,
  ACCOUNT_HELP,
  examples,
  jsonOption,
  type OptionsOf,
  parsePositiveInt,
  parseResourcesOption,
  storedResources,
} from '../support/options.js';

export const configure = (accounts: CommandUnknownOpts) =>
  accounts
    .command('add')
    .description('add a Hostaway account (prompts on a terminal for anything not given)')
    .addOption(accountIdOption('--account-id <id>'))
    .option('--customer-id <uuid>', 'your customer id for this account (a UUID)')
    .option('--client-secret-stdin', 'read the client secret from stdin (or set HOSTAWAY_CLIENT_SECRET)')
    .option('--webhook-login <login>', 'Basic login Hostaway sends with webhooks (see webhook register)')
    .option(
      '--webhook-password-stdin',
      'read the webhook Basic password from stdin (or HOSTAWAY_WEBHOOK_PASSWORD)',
    )
    .option('--allow-plaintext-secrets', ACCOUNT_HELP.plaintext)
    .option('--resources <list>', ACCOUNT_HELP.resources, parseResourcesOption)
    .option('--attachments', ACCOUNT_HELP.attachments)
    .option('--no-attachments', 'do not download message attachments (the default)')
    .option('--no-verify', 'save without checking the credentials with Hostaway')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples(
        'hostaway-sync accounts add',
        'echo "$SECRET" | hostaway-sync accounts add --account-id 12345 \\\n      --client-secret-stdin --customer-id "$CUSTOMER_ID"',
      ),
    );

type Options = OptionsOf<typeof configure>;

export async function run(runtime: Runtime, options: Options): Promise<number> {
  const { prompts } = runtime.io;
  assertOneStdinSecret(options);
  const accountId = await valueOrPrompt(runtime, options.accountId, '--account-id', async () =>
    parsePositiveInt(
      await prompts.input({
        message: 'Hostaway account id',
        validate: (value) => (/^\d+$/.test(value.trim()) && Number(value) > 0 ? true : 'enter a number'),
      }),
    ),
  );
  const customerId = parseCustomerId(
    await valueOrPrompt(runtime, options.customerId, '--customer-id', () =>
      prompts.input({ message: 'Customer id (UUID)', default: randomUUID(), validate: isUuid }),
    ),
  );
  const secrets = runtimeSecrets(runtime, options.allowPlaintextSecrets === true);
  const clientSecret = await obtainClientSecret(runtime, options.clientSecretStdin);
  // Refuses (exit 78) before any network call when the secret could not be stored safely.
  const storedSecret = secrets.seal(accountId, 'client_secret', clientSecret);
  const webhook = await webhookCredentialsFromOptions(runtime, options);
  const db = await runtime.openDatabase();
  const token = options.verify ? await verifyCredentials(runtime, accountId, clientSecret) : null;
  const resources = options.resources === undefined ? null : storedResources(options.resources);
  const storedToken = token && secrets.seal(accountId, 'access_token', token.accessToken);
  // All or nothing: an account that failed half-way is not left behind.
  await db.transaction(async (tx) => {
    await insertAccount(tx, { accountId, customerId, clientSecret: storedSecret });
    await updateAccount(tx, accountId, { resources, downloadAttachments: options.attachments === true });
    if (token && storedToken) await saveAccessToken(tx, accountId, storedToken, token.expiresAt);
    if (webhook) await saveWebhookCredentials(tx, accountId, webhook);
  });
  const encrypted = secrets.currentKeyId !== undefined;
  if (options.json)
    writeJson(runtime, {
      accountId,
      customerId,
      active: true,
      verified: options.verify,
      encrypted,
      attachments: options.attachments === true,
      resources,
    });
  else {
    const note = `${options.verify ? 'credentials verified' : 'credentials not verified'}, ${encrypted ? 'secret encrypted' : 'secret stored in plaintext'}`;
    reportDone(runtime, `added account ${accountId} (${note})`, {
      msg: 'added account',
      accountId,
      verified: options.verify,
      encrypted,
    });
  }
  return 0;
}
