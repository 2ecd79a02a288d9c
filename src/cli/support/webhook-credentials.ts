import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.js';
import type { WebhookAccount } from '../../db/webhooks/webhook-accounts-repo.js';
import { UsageError } from '../../errors.js';
import type { AccountApi } from '../../hostaway/client.js';
import { createDatabaseTokenStore } from '../../sync/token-store.js';
import { runtimeSecrets } from '../secrets.js';
import { hashWebhookPassword } from '../../webhook/password-hash.js';
import type { Runtime } from '../runtime.js';
import { valueOrPrompt } from './obtain-value.js';

export interface WebhookCredentialOptions {
  webhookLogin?: string;
  webhookPasswordStdin?: boolean;
  clientSecretStdin?: boolean;
}

/** A Basic login: not empty, no ":" (it ends the login in the header) and no whitespace. */
export function parseWebhookLogin(value: string): string {
  if (!/^[^:\s]+$/.test(value)) {
    throw new UsageError(`webhook login "${value}" is empty or contains ":" or whitespace`, {
      hint: 'use letters, digits and -_. e.g. hostaway-sync-12345',
    });
  }
  return value;
}

/**
 * The webhook password: stdin (--webhook-password-stdin), else HOSTAWAY_WEBHOOK_PASSWORD, else `missing`:
 * a masked prompt on a terminal, or (register) a random one nobody needs to know.
 */
export async function obtainWebhookPassword(
  runtime: Runtime,
  fromStdin: boolean | undefined,
  missing: 'prompt' | 'generate',
): Promise<{ password: string; generated: boolean }> {
  let password = fromStdin
    ? (await runtime.io.readStdin()).replace(/\r?\n$/, '')
    : runtime.config.webhook.password;
  if (password === undefined && missing === 'generate')
    return { password: randomBytes(24).toString('base64url'), generated: true };
  password = await valueOrPrompt(runtime, password, '--webhook-password-stdin', () =>
    runtime.io.prompts.password({
      message: 'Webhook password (the Basic password Hostaway sends)',
      validate: (value) => (value ? true : 'the password cannot be empty'),
    }),
  );
  if (password === '' || /[\r\n]/.test(password))
    throw new UsageError('the webhook password is empty or spans several lines', {
      hint: 'pipe exactly the password, e.g. printf %s "$PASSWORD" | hostaway-sync …',
    });
  return { password, generated: false };
}

/** design.md §4: one command reads at most one secret from stdin. */
export function assertOneStdinSecret(options: WebhookCredentialOptions): void {
  if (options.clientSecretStdin && options.webhookPasswordStdin)
    throw new UsageError('--client-secret-stdin and --webhook-password-stdin cannot be used together', {
      hint: 'set one of them through HOSTAWAY_CLIENT_SECRET or HOSTAWAY_WEBHOOK_PASSWORD instead',
    });
}

/**
 * accounts add/update: the webhook credentials to store (login and scrypt hash), or undefined when no
 * webhook option was given. The login defaults to HOSTAWAY_WEBHOOK_LOGIN, then to the stored one.
 */
export async function webhookCredentialsFromOptions(
  runtime: Runtime,
  options: WebhookCredentialOptions,
  storedLogin: string | null = null,
): Promise<{ login: string; passwordHash: string } | undefined> {
  if (options.webhookLogin === undefined && !options.webhookPasswordStdin) return undefined;
  const login = options.webhookLogin ?? runtime.config.webhook.login ?? storedLogin;
  if (login == null)
    throw new UsageError('a webhook password needs a login', { hint: 'pass --webhook-login <login>' });
  const { password } = await obtainWebhookPassword(runtime, options.webhookPasswordStdin, 'prompt');
  return { login: parseWebhookLogin(login), passwordHash: await hashWebhookPassword(password) };
}

/** The Hostaway API of one stored account (its token is stored and reused like the sync's). */
export function accountApi(runtime: Runtime, db: Database, account: WebhookAccount): AccountApi {
  const secrets = runtimeSecrets(runtime);
  const clientSecret = secrets.open(account.accountId, 'client_secret', account.clientSecret);
  return runtime
    .createClient()
    .forAccount(
      { accountId: account.accountId, clientSecret },
      createDatabaseTokenStore(db, { secrets, logger: runtime.logger }),
    );
}
