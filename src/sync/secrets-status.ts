import { listStoredSecrets } from '../db/accounts/accounts-repo.js';
import type { Queryable } from '../db/database.js';
import type { AccountSecrets } from '../secrets/account-secrets.js';

export interface SecretsStatus {
  /** Key new values are encrypted with; null without HOSTAWAY_SYNC_ENCRYPTION_KEY. */
  currentKeyId: string | null;
  /** Accounts whose client secret or cached access token is stored unencrypted. */
  plaintextAccounts: number[];
  /** Accounts with a value under another key than the current one (run accounts rotate-key). */
  rotationPending: { accountId: number; keyIds: string[] }[];
  /** One sentence each; warnings never change the exit code. */
  warnings: string[];
}

/**
 * Secrets at rest, for every listed account, active or not: an inactive account's secret is stored all the
 * same. Reads only the stored form (plaintext or key id), never decrypts.
 */
export async function getSecretsStatus(
  db: Queryable,
  secrets: AccountSecrets,
  accountIds?: ReadonlySet<number>,
): Promise<SecretsStatus> {
  const rows = (await listStoredSecrets(db)).filter((r) => !accountIds || accountIds.has(r.accountId));
  const current = secrets.currentKeyId ?? null;
  const plaintextAccounts: number[] = [];
  const rotationPending: SecretsStatus['rotationPending'] = [];
  for (const row of rows) {
    const forms = [row.clientSecret, row.accessToken].flatMap((v) =>
      v === null ? [] : [secrets.describe(v)],
    );
    if (forms.some((f) => !f.encrypted)) plaintextAccounts.push(row.accountId);
    const others = forms.flatMap((f) => (f.encrypted && f.keyId !== current ? [f.keyId] : []));
    if (current !== null && others.length > 0)
      rotationPending.push({ accountId: row.accountId, keyIds: [...new Set(others)] });
  }
  const warnings: string[] = [];
  if (plaintextAccounts.length > 0)
    warnings.push(
      `secrets stored in plaintext for account(s) ${plaintextAccounts.join(', ')}: ${
        current === null ? 'set HOSTAWAY_SYNC_ENCRYPTION_KEY and ' : ''
      }run hostaway-sync accounts rotate-key`,
    );
  if (rotationPending.length > 0) {
    const ids = [...new Set(rotationPending.flatMap((p) => p.keyIds))].join(', ');
    warnings.push(
      `rotation pending: account(s) ${rotationPending.map((p) => p.accountId).join(', ')} still use key(s) ${ids}, not the current ${current}: run hostaway-sync accounts rotate-key`,
    );
  }
  return { currentKeyId: current, plaintextAccounts, rotationPending, warnings };
}
