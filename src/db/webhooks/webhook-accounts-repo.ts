import { eq, sql } from 'drizzle-orm';
import { setAccount } from '../accounts/accounts-repo.js';
import type { Queryable } from '../database.js';
import { accounts, type Account } from '../schema/index.js';

/** What the listener needs to authenticate one account's deliveries. */
export type WebhookAccountAuth = Pick<
  Account,
  'accountId' | 'isActive' | 'webhookLogin' | 'webhookPasswordHash'
>;

/** An account's webhook settings, for register/unregister. */
export type WebhookAccount = WebhookAccountAuth &
  Pick<Account, 'customerId' | 'clientSecret' | 'webhookId' | 'webhookUrl'>;

const { accountId, isActive, webhookLogin, webhookPasswordHash } = accounts;
const AUTH_COLUMNS = { accountId, isActive, webhookLogin, webhookPasswordHash };

/** Every account's webhook credentials (the listener caches them). */
export async function listWebhookAccountAuth(db: Queryable): Promise<WebhookAccountAuth[]> {
  return db.orm.select(AUTH_COLUMNS).from(accounts).orderBy(accounts.accountId);
}

export async function getWebhookAccount(db: Queryable, accountId: number): Promise<WebhookAccount | null> {
  const { customerId, clientSecret, webhookId, webhookUrl } = accounts;
  const [account] = await db.orm
    .select({ ...AUTH_COLUMNS, customerId, clientSecret, webhookId, webhookUrl })
    .from(accounts)
    .where(eq(accounts.accountId, accountId));
  return account ?? null;
}

/** Sets the Basic credentials the listener accepts for this account (the hash, never the password). */
export async function saveWebhookCredentials(
  db: Queryable,
  accountId: number,
  credentials: { login: string; passwordHash: string },
): Promise<void> {
  await setAccount(db, accountId, {
    updatedAt: sql`now()`,
    webhookLogin: credentials.login,
    webhookPasswordHash: credentials.passwordHash,
  });
}

/** Remembers (or with null forgets) the unified webhook `webhook register` created. */
export async function saveWebhookRegistration(
  db: Queryable,
  accountId: number,
  registration: { webhookId: number; url: string } | null,
): Promise<void> {
  await setAccount(db, accountId, {
    updatedAt: sql`now()`,
    webhookId: registration?.webhookId ?? null,
    webhookUrl: registration?.url ?? null,
  });
}
