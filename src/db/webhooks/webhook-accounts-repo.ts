import { NotFoundError } from '../../errors.js';
import type { Queryable } from '../database.js';

/** What the listener needs to authenticate one account's deliveries. */
export interface WebhookAccountAuth {
  accountId: number;
  isActive: boolean;
  webhookLogin: string | null;
  /** `scrypt$…` (see src/webhook/password-hash.ts); null when no credentials are set. */
  webhookPasswordHash: string | null;
}

/** An account's webhook settings, for register/unregister. */
export interface WebhookAccount extends WebhookAccountAuth {
  customerId: string;
  clientSecret: string;
  webhookId: number | null;
  webhookUrl: string | null;
}

const AUTH_COLUMNS = `account_id AS "accountId", is_active AS "isActive", webhook_login AS "webhookLogin",
  webhook_password_hash AS "webhookPasswordHash"`;

function notFound(accountId: number): NotFoundError {
  return new NotFoundError(`account ${accountId} does not exist`, {
    hint: 'see the configured accounts with "hostaway-sync accounts list"',
  });
}

/** Every account's webhook credentials (the listener caches them). */
export async function listWebhookAccountAuth(db: Queryable): Promise<WebhookAccountAuth[]> {
  const { rows } = await db.query<WebhookAccountAuth>(
    `SELECT ${AUTH_COLUMNS} FROM hostaway.accounts ORDER BY account_id`,
  );
  return rows.map((r) => ({ ...r, accountId: Number(r.accountId) }));
}

export async function getWebhookAccount(db: Queryable, accountId: number): Promise<WebhookAccount | null> {
  const { rows } = await db.query<WebhookAccount>(
    `SELECT ${AUTH_COLUMNS}, customer_id AS "customerId", client_secret AS "clientSecret",
       webhook_id AS "webhookId", webhook_url AS "webhookUrl"
     FROM hostaway.accounts WHERE account_id = $1`,
    [accountId],
  );
  return rows[0] ?? null;
}

/** Sets the Basic credentials the listener accepts for this account (the hash, never the password). */
export async function saveWebhookCredentials(
  db: Queryable,
  accountId: number,
  credentials: { login: string; passwordHash: string },
): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE hostaway.accounts SET webhook_login = $2, webhook_password_hash = $3, updated_at = now()
     WHERE account_id = $1`,
    [accountId, credentials.login, credentials.passwordHash],
  );
  if (rowCount === 0) throw notFound(accountId);
}

/** Remembers (or with null forgets) the unified webhook `webhook register` created. */
export async function saveWebhookRegistration(
  db: Queryable,
  accountId: number,
  registration: { webhookId: number; url: string } | null,
): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE hostaway.accounts SET webhook_id = $2, webhook_url = $3, updated_at = now() WHERE account_id = $1`,
    [accountId, registration?.webhookId ?? null, registration?.url ?? null],
  );
  if (rowCount === 0) throw notFound(accountId);
}
