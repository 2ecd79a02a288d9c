import { eq, sql } from 'drizzle-orm';
import { NotFoundError } from '../../errors.js';
import type { Queryable } from '../database.js';
import { accounts } from '../schema/index.js';

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

const { accountId, isActive, webhookLogin, webhookPasswordHash } = accounts;
const AUTH_COLUMNS = { accountId, isActive, webhookLogin, webhookPasswordHash };

function notFound(accountId: number): NotFoundError {
  return new NotFoundError(`account ${accountId} does not exist`, {
    hint: 'see the configured accounts with "hostaway-sync accounts list"',
  });
}

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

async function setWebhookColumns(
  db: Queryable,
  accountId: number,
  values:
    | { webhookLogin: string; webhookPasswordHash: string }
    | { webhookId: number | null; webhookUrl: string | null },
): Promise<void> {
  const updated = await db.orm
    .update(accounts)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(accounts.accountId, accountId))
    .returning({ accountId: accounts.accountId });
  if (updated.length === 0) throw notFound(accountId);
}

/** Sets the Basic credentials the listener accepts for this account (the hash, never the password). */
export async function saveWebhookCredentials(
  db: Queryable,
  accountId: number,
  credentials: { login: string; passwordHash: string },
): Promise<void> {
  await setWebhookColumns(db, accountId, {
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
  await setWebhookColumns(db, accountId, {
    webhookId: registration?.webhookId ?? null,
    webhookUrl: registration?.url ?? null,
  });
}
