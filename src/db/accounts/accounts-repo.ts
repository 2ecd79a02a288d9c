import { eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { accountNotFound, UsageError } from '../../errors.js';
import type { Queryable } from '../database.js';
import { accounts, type Account } from '../schema/index.js';

export { listAccounts, type AccountSummary } from '../sql/list-accounts.js';

/** The client secret is stored as given: the caller seals it first (src/secrets/account-secrets.ts). */
export type NewAccountInput = Pick<Account, 'accountId' | 'customerId' | 'clientSecret'>;

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

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION
  );
}

/** Adds an account; a duplicate id is a `UsageError` ("account 12345 already exists"). */
export async function insertAccount(db: Queryable, input: NewAccountInput): Promise<Account> {
  try {
    const { accountId, customerId, clientSecret } = input;
    const [account] = await db.orm
      .insert(accounts)
      .values({ accountId, customerId, clientSecret })
      .returning();
    return account!;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new UsageError(`account ${input.accountId} already exists`, {
      hint: `change it with "hostaway-sync accounts update ${input.accountId}"`,
      cause: error,
    });
  }
}

export async function getAccount(db: Queryable, accountId: number): Promise<Account | null> {
  const [account] = await db.orm.select().from(accounts).where(eq(accounts.accountId, accountId));
  return account ?? null;
}

/** Sets `values` on the account (undefined fields are kept); throws `NotFoundError` for an unknown account. */
export async function setAccount(
  db: Queryable,
  accountId: number,
  values: PgUpdateSetSource<typeof accounts>,
): Promise<Account> {
  const [account] = await db.orm
    .update(accounts)
    .set(values)
    .where(eq(accounts.accountId, accountId))
    .returning();
  if (account === undefined) throw accountNotFound(accountId);
  return account;
}

/** Applies the given fields (absent ones are kept); throws `NotFoundError` for an unknown account. */
export async function updateAccount(db: Queryable, accountId: number, patch: AccountPatch): Promise<Account> {
  const setToken = patch.accessToken !== undefined || patch.clientSecret !== undefined;
  return setAccount(db, accountId, {
    customerId: patch.customerId,
    clientSecret: patch.clientSecret,
    isActive: patch.isActive,
    egressPool: patch.egressPool,
    ...(setToken && {
      accessToken: patch.accessToken ?? null,
      accessTokenExpiresAt: patch.accessToken == null ? null : (patch.accessTokenExpiresAt ?? null),
    }),
    resources: patch.resources === undefined ? undefined : (patch.resources?.slice() ?? null),
    downloadAttachments: patch.downloadAttachments,
    updatedAt: sql`now()`,
  });
}

/** Soft removal: the account stops syncing, its data stays. */
export async function deactivateAccount(db: Queryable, accountId: number): Promise<void> {
  await updateAccount(db, accountId, { isActive: false });
}

/** Hard removal: deletes the account and, by cascade, all its listings, reservations, threads and runs. */
export async function deleteAccount(db: Queryable, accountId: number): Promise<void> {
  const deleted = await db.orm
    .delete(accounts)
    .where(eq(accounts.accountId, accountId))
    .returning({ accountId: accounts.accountId });
  if (deleted.length === 0) throw accountNotFound(accountId);
}

export async function saveAccessToken(
  db: Queryable,
  accountId: number,
  token: string,
  expiresAt: Date,
): Promise<void> {
  await setAccount(db, accountId, { accessToken: token, accessTokenExpiresAt: expiresAt });
}

/** The cached access token, or null when none is stored (whether it expired is the caller's business). */
export async function loadAccessToken(db: Queryable, accountId: number): Promise<StoredAccessToken | null> {
  const [row] = await db.orm
    .select({ accessToken: accounts.accessToken, expiresAt: accounts.accessTokenExpiresAt })
    .from(accounts)
    .where(eq(accounts.accountId, accountId));
  if (row?.accessToken == null || row.expiresAt === null) return null;
  return { accessToken: row.accessToken, expiresAt: row.expiresAt };
}

/** The stored (possibly encrypted) secret columns of every account, as they are: for status and rotation. */
export type StoredSecrets = Pick<Account, 'accountId' | 'isActive' | 'clientSecret' | 'accessToken'>;

/** `forUpdate` locks the rows until the surrounding transaction ends (key rotation). */
export async function listStoredSecrets(
  db: Queryable,
  options: { forUpdate?: boolean } = {},
): Promise<StoredSecrets[]> {
  const { accountId, isActive, clientSecret, accessToken } = accounts;
  const query = db.orm
    .select({ accountId, isActive, clientSecret, accessToken })
    .from(accounts)
    .orderBy(accountId);
  return options.forUpdate === true ? query.for('update') : query;
}

/** Replaces the stored form of an account's secret and token (re-encryption: the plaintext is unchanged). */
export async function replaceStoredSecrets(
  db: Queryable,
  accountId: number,
  values: { clientSecret: string; accessToken: string | null },
): Promise<void> {
  await setAccount(db, accountId, values);
}
