import { NotFoundError, UsageError } from '../../errors.js';
import type { Queryable } from '../database.js';
import {
  LIST_ACCOUNTS_SQL,
  toAccountSummary,
  type AccountSummary,
  type SummaryRow,
} from './account-summary.js';
import type { Account } from '../schema/index.js';

export type { AccountSummary } from './account-summary.js';

export interface NewAccountInput {
  accountId: number;
  customerId: string;
  /** Stored as given: the caller seals it first (src/secrets/account-secrets.ts). */
  clientSecret: string;
}

export interface AccountPatch {
  customerId?: string | undefined;
  /** A new secret also forgets the cached access token, unless `accessToken` is given too. */
  clientSecret?: string | undefined;
  isActive?: boolean | undefined;
  /** The egress pool whose rate budget and workers serve the account. */
  egressPool?: string | undefined;
  /** Sets (or with null clears) the cached token, e.g. one just minted with the new secret. */
  accessToken?: string | null | undefined;
  accessTokenExpiresAt?: Date | null | undefined;
  /** Optional resources to sync (registry names); null: the default set. */
  resources?: readonly string[] | null | undefined;
  /** Download the attachments of the account's stored messages. */
  downloadAttachments?: boolean | undefined;
}

export interface StoredAccessToken {
  accessToken: string;
  expiresAt: Date;
}

const UNIQUE_VIOLATION = '23505';

export const ACCOUNT_COLUMNS = `account_id AS "accountId", customer_id AS "customerId",
  client_secret AS "clientSecret", access_token AS "accessToken",
  access_token_expires_at AS "accessTokenExpiresAt", is_active AS "isActive", last_sync_at AS "lastSyncAt",
  created_at AS "createdAt", updated_at AS "updatedAt", webhook_login AS "webhookLogin",
  webhook_password_hash AS "webhookPasswordHash", webhook_id AS "webhookId", webhook_url AS "webhookUrl",
  egress_pool AS "egressPool", incremental_due_at AS "incrementalDueAt", reconcile_due_at AS "reconcileDueAt",
  resources, download_attachments AS "downloadAttachments", webhook_mode AS "webhookMode",
  webhook_mode_reason AS "webhookModeReason", webhook_mode_since AS "webhookModeSince"`;

function notFound(accountId: number): NotFoundError {
  return new NotFoundError(`account ${accountId} does not exist`, {
    hint: 'see the configured accounts with "hostaway-sync accounts list"',
  });
}

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION
  );
}

/** Adds an account; a duplicate id is a `UsageError` ("account 12345 already exists"). */
export async function insertAccount(db: Queryable, input: NewAccountInput): Promise<Account> {
  try {
    const { rows } = await db.query<Account>(
      `INSERT INTO hostaway.accounts (account_id, customer_id, client_secret) VALUES ($1, $2, $3)
       RETURNING ${ACCOUNT_COLUMNS}`,
      [input.accountId, input.customerId, input.clientSecret],
    );
    return rows[0]!;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new UsageError(`account ${input.accountId} already exists`, {
      hint: `change it with "hostaway-sync accounts update ${input.accountId}"`,
      cause: error,
    });
  }
}

export async function getAccount(db: Queryable, accountId: number): Promise<Account | null> {
  const { rows } = await db.query<Account>(
    `SELECT ${ACCOUNT_COLUMNS} FROM hostaway.accounts WHERE account_id = $1`,
    [accountId],
  );
  return rows[0] ?? null;
}

/** Applies the given fields (absent ones are kept); throws `NotFoundError` for an unknown account. */
export async function updateAccount(db: Queryable, accountId: number, patch: AccountPatch): Promise<Account> {
  const setToken = patch.accessToken !== undefined || patch.clientSecret !== undefined;
  const { rows } = await db.query<Account>(
    `UPDATE hostaway.accounts SET
       customer_id = COALESCE($2::uuid, customer_id),
       client_secret = COALESCE($3::text, client_secret),
       is_active = COALESCE($4::boolean, is_active),
       egress_pool = COALESCE($8::text, egress_pool),
       access_token = CASE WHEN $5::boolean THEN $6::text ELSE access_token END,
       access_token_expires_at = CASE WHEN $5::boolean THEN $7::timestamptz ELSE access_token_expires_at END,
       resources = CASE WHEN $9::boolean
         THEN CASE WHEN $10::jsonb IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text($10::jsonb)) END
         ELSE resources END,
       download_attachments = COALESCE($11::boolean, download_attachments),
       updated_at = now()
     WHERE account_id = $1
     RETURNING ${ACCOUNT_COLUMNS}`,
    [
      accountId,
      patch.customerId ?? null,
      patch.clientSecret ?? null,
      patch.isActive ?? null,
      setToken,
      patch.accessToken ?? null,
      patch.accessToken == null ? null : (patch.accessTokenExpiresAt?.toISOString() ?? null),
      patch.egressPool ?? null,
      patch.resources !== undefined,
      patch.resources == null ? null : JSON.stringify(patch.resources),
      patch.downloadAttachments ?? null,
    ],
  );
  const account = rows[0];
  if (account === undefined) throw notFound(accountId);
  return account;
}

/** Soft removal: the account stops syncing, its data stays. */
export async function deactivateAccount(db: Queryable, accountId: number): Promise<void> {
  await updateAccount(db, accountId, { isActive: false });
}

/** Hard removal: deletes the account and, by cascade, all its listings, reservations, threads and runs. */
export async function deleteAccount(db: Queryable, accountId: number): Promise<void> {
  const { rowCount } = await db.query('DELETE FROM hostaway.accounts WHERE account_id = $1', [accountId]);
  if (rowCount === 0) throw notFound(accountId);
}

export async function saveAccessToken(
  db: Queryable,
  accountId: number,
  token: string,
  expiresAt: Date,
): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE hostaway.accounts SET access_token = $2, access_token_expires_at = $3::timestamptz
     WHERE account_id = $1`,
    [accountId, token, expiresAt.toISOString()],
  );
  if (rowCount === 0) throw notFound(accountId);
}

/** The cached access token, or null when none is stored (whether it expired is the caller's business). */
export async function loadAccessToken(db: Queryable, accountId: number): Promise<StoredAccessToken | null> {
  const { rows } = await db.query<{ accessToken: string | null; expiresAt: Date | null }>(
    `SELECT access_token AS "accessToken", access_token_expires_at AS "expiresAt"
     FROM hostaway.accounts WHERE account_id = $1`,
    [accountId],
  );
  const row = rows[0];
  if (row?.accessToken == null || row.expiresAt === null) return null;
  return { accessToken: row.accessToken, expiresAt: row.expiresAt };
}

export async function markAccountSynced(db: Queryable, accountId: number, at: Date): Promise<void> {
  await db.query('UPDATE hostaway.accounts SET last_sync_at = $2::timestamptz WHERE account_id = $1', [
    accountId,
    at.toISOString(),
  ]);
}

/** Accounts ordered by id, with live row counts and their latest run, in one query. */
export async function listAccounts(
  db: Queryable,
  options: { activeOnly?: boolean } = {},
): Promise<AccountSummary[]> {
  const { rows } = await db.query<SummaryRow>(LIST_ACCOUNTS_SQL, [options.activeOnly === true]);
  return rows.map(toAccountSummary);
}

/** The stored (possibly encrypted) secret columns of every account, as they are: for status and rotation. */
export interface StoredSecrets {
  accountId: number;
  isActive: boolean;
  clientSecret: string;
  accessToken: string | null;
}

/** `forUpdate` locks the rows until the surrounding transaction ends (key rotation). */
export async function listStoredSecrets(
  db: Queryable,
  options: { forUpdate?: boolean } = {},
): Promise<StoredSecrets[]> {
  const { rows } = await db.query<StoredSecrets>(
    `SELECT account_id AS "accountId", is_active AS "isActive", client_secret AS "clientSecret",
       access_token AS "accessToken"
     FROM hostaway.accounts ORDER BY account_id${options.forUpdate ? ' FOR UPDATE' : ''}`,
  );
  return rows.map((row) => ({ ...row, accountId: Number(row.accountId) }));
}

/** Replaces the stored form of an account's secret and token (re-encryption: the plaintext is unchanged). */
export async function replaceStoredSecrets(
  db: Queryable,
  accountId: number,
  values: { clientSecret: string; accessToken: string | null },
): Promise<void> {
  const { rowCount } = await db.query(
    'UPDATE hostaway.accounts SET client_secret = $2, access_token = $3 WHERE account_id = $1',
    [accountId, values.clientSecret, values.accessToken],
  );
  if (rowCount === 0) throw notFound(accountId);
}
