import { randomUUID } from 'node:crypto';
import { insertAccount, saveAccessToken } from '../../db/accounts-repo.js';
import { saveWebhookCredentials } from '../../db/webhook-accounts-repo.js';
import type { AccountsAddOptions } from '../program.js';
import { parsePositiveInt } from '../program.js';
import type { Runtime } from '../runtime.js';
import { writeJson } from '../render/output.js';
import { isUuid, obtainClientSecret, parseCustomerId, valueOrPrompt } from './obtain-value.js';
import { verifyCredentials } from './verify-credentials.js';
import { assertOneStdinSecret, webhookCredentialsFromOptions } from './webhook-credentials.js';

export async function runAccountsAdd(runtime: Runtime, options: AccountsAddOptions): Promise<number> {
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
  const clientSecret = await obtainClientSecret(runtime, options.clientSecretStdin);
  const webhook = await webhookCredentialsFromOptions(runtime, options);
  const db = await runtime.openDatabase();
  const token = options.verify ? await verifyCredentials(runtime, accountId, clientSecret) : null;
  await insertAccount(db, { accountId, customerId, clientSecret });
  if (token) await saveAccessToken(db, accountId, token.accessToken, token.expiresAt);
  if (webhook) await saveWebhookCredentials(db, accountId, webhook);
  if (options.json) writeJson(runtime, { accountId, customerId, active: true, verified: options.verify });
  else {
    const note = options.verify ? 'credentials verified' : 'credentials not verified';
    runtime.io.stderr.write(`${runtime.color.green('✔')} added account ${accountId} (${note})\n`);
  }
  return 0;
}
