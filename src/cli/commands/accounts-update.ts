import { type CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import { getAccount, updateAccount } from '../../db/accounts/accounts-repo.js';
import { getWebhookAccount, saveWebhookCredentials } from '../../db/webhooks/webhook-accounts-repo.js';
import { accountNotFound, UsageError } from '../../errors.js';
import { writeJson } from '../render/output.js';
import type { Runtime } from '../runtime.js';
import { runtimeSecrets } from '../secrets.js';
import { obtainClientSecret, parseCustomerId } from '../support/obtain-value.js';
import { reportDone } from '../support/report-done.js';
import { verifyCredentials } from '../support/verify-credentials.js';
import { assertOneStdinSecret, webhookCredentialsFromOptions } from '../support/webhook-credentials.js';
import {
  accountIdArgument,
  ACCOUNT_HELP,
  examples,
  jsonOption,
  type OptionsOf,
  parsePoolName,
  parseResourcesOption,
  type ResourcesChoice,
  storedResources,
} from '../support/options.js';

export const configure = (accounts: CommandUnknownOpts) =>
  accounts
    .command('update')
    .description("change an account's secret or customer id, or (de)activate it")
    .addArgument(accountIdArgument())
    .option('--customer-id <uuid>', 'new customer id')
    .option('--client-secret-stdin', 'read a new client secret from stdin')
    .option('--webhook-login <login>', 'new webhook Basic login')
    .option(
      '--webhook-password-stdin',
      'read a new webhook Basic password from stdin (or HOSTAWAY_WEBHOOK_PASSWORD)',
    )
    .option('--pool <name>', 'egress pool whose rate budget and workers serve this account', parsePoolName)
    .option('--resources <list>', ACCOUNT_HELP.resources, parseResourcesOption)
    .option('--activate', 'resume syncing this account')
    .addOption(new Option('--deactivate', 'stop syncing this account (data kept)').conflicts('activate'))
    .option('--allow-plaintext-secrets', ACCOUNT_HELP.plaintext)
    .option('--attachments', ACCOUNT_HELP.attachments)
    .option('--no-attachments', 'stop downloading message attachments (stored files are kept)')
    .option('--no-verify', 'save a new secret without checking it with Hostaway')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples(
        'echo "$NEW_SECRET" | hostaway-sync accounts update 12345 --client-secret-stdin',
        'hostaway-sync accounts update 12345 --resources reference,reviews,calendar',
      ),
    );

type Options = OptionsOf<typeof configure>;

const describeResources = (resources: ResourcesChoice) =>
  resources === 'default' ? 'default' : resources.length === 0 ? 'none' : resources.join(',');

export async function run(runtime: Runtime, accountId: number, options: Options): Promise<number> {
  const active = options.activate ? true : options.deactivate ? false : undefined;
  const wantsSecret = options.clientSecretStdin || runtime.config.clientSecret !== undefined;
  const wantsWebhook = options.webhookLogin !== undefined || options.webhookPasswordStdin === true;
  const nothing =
    options.customerId === undefined &&
    active === undefined &&
    options.pool === undefined &&
    options.attachments === undefined &&
    options.resources === undefined;
  if (!wantsSecret && !wantsWebhook && nothing) {
    throw new UsageError('nothing to update', {
      hint: 'pass --client-secret-stdin, --customer-id, --pool, --resources, --activate, --deactivate, --[no-]attachments or --webhook-login',
    });
  }
  assertOneStdinSecret(options);
  const customerId = options.customerId === undefined ? undefined : parseCustomerId(options.customerId);
  const secrets = runtimeSecrets(runtime, options.allowPlaintextSecrets === true);
  const clientSecret = wantsSecret ? await obtainClientSecret(runtime, options.clientSecretStdin) : undefined;
  // Refuses (exit 78) before any network call when the secret could not be stored safely.
  const storedSecret = clientSecret && secrets.seal(accountId, 'client_secret', clientSecret);
  const db = await runtime.openDatabase();
  if (!(await getAccount(db, accountId))) throw accountNotFound(accountId);
  const webhook = await webhookCredentialsFromOptions(
    runtime,
    options,
    (await getWebhookAccount(db, accountId))?.webhookLogin,
  );
  const token =
    clientSecret && options.verify ? await verifyCredentials(runtime, accountId, clientSecret) : null;
  await updateAccount(db, accountId, {
    customerId,
    clientSecret: storedSecret,
    isActive: active,
    egressPool: options.pool,
    downloadAttachments: options.attachments,
    resources: options.resources === undefined ? undefined : storedResources(options.resources),
    // A new secret invalidates the stored token; keep the freshly minted one when we verified.
    ...(clientSecret
      ? {
          accessToken: token ? secrets.seal(accountId, 'access_token', token.accessToken) : null,
          accessTokenExpiresAt: token?.expiresAt ?? null,
        }
      : {}),
  });
  if (webhook) await saveWebhookCredentials(db, accountId, webhook);
  const changed = [
    customerId && 'customer id',
    clientSecret && 'client secret',
    active !== undefined && (active ? 'activated' : 'deactivated'),
    options.attachments !== undefined && `attachments ${options.attachments ? 'on' : 'off'}`,
    webhook && 'webhook credentials',
    options.resources !== undefined && `resources ${describeResources(options.resources)}`,
  ].filter(Boolean);
  if (options.json) writeJson(runtime, { accountId, updated: changed });
  else
    reportDone(runtime, `account ${accountId}: ${changed.join(', ')}`, {
      msg: 'account updated',
      accountId,
      updated: changed,
    });
  return 0;
}
