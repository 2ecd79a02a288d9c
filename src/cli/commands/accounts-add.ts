import { randomUUID } from 'node:crypto';
import { insertAccount, saveAccessToken, updateAccount } from '../../db/accounts/accounts-repo.js';
import { saveWebhookCredentials } from '../../db/webhooks/webhook-accounts-repo.js';
import type { AccountsAddOptions } from '../program.js';
import { parsePositiveInt } from '../program.js';
import type { Runtime } from '../runtime.js';
import { writeJson } from '../render/output.js';
import { runtimeSecrets } from '../secrets.js';
import { isUuid, obtainClientSecret, parseCustomerId, valueOrPrompt } from './obtain-value.js';
import { reportDone } from './report-done.js';
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
  const secrets = runtimeSecrets(runtime, options.allowPlaintextSecrets === true);
  const clientSecret = await obtainClientSecret(runtime, options.clientSecretStdin);
  // Refuses (exit 78) before any network call when the secret could not be stored safely.
  const storedSecret = secrets.seal(accountId, 'client_secret', clientSecret);
  const webhook = await webhookCredentialsFromOptions(runtime, options);
  const db = await runtime.openDatabase();
  const token = options.verify ? await verifyCredentials(runtime, accountId, clientSecret) : null;
  await insertAccount(db, { accountId, customerId, clientSecret: storedSecret });
  if (options.resources !== undefined) await updateAccount(db, accountId, { resources: options.resources });
  if (options.attachments) await updateAccount(db, accountId, { downloadAttachments: true });
  if (token) {
    const storedToken = secrets.seal(accountId, 'access_token', token.accessToken);
    await saveAccessToken(db, accountId, storedToken, token.expiresAt);
  }
  if (webhook) await saveWebhookCredentials(db, accountId, webhook);
  const encrypted = secrets.currentKeyId !== undefined;
  if (options.json)
    writeJson(runtime, {
      accountId,
      customerId,
      active: true,
      verified: options.verify,
      encrypted,
      attachments: options.attachments === true,
      resources: options.resources ?? null,
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
