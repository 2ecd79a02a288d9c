import { getAccount, updateAccount } from '../../db/accounts-repo.js';
import { NotFoundError, UsageError } from '../../errors.js';
import type { AccountsUpdateOptions } from '../program.js';
import { writeJson } from '../render/output.js';
import type { Runtime } from '../runtime.js';
import { obtainClientSecret, parseCustomerId } from './obtain-value.js';
import { verifyCredentials } from './verify-credentials.js';

export async function runAccountsUpdate(
  runtime: Runtime,
  accountId: number,
  options: AccountsUpdateOptions,
): Promise<number> {
  const wantsSecret = options.clientSecretStdin || runtime.config.clientSecret !== undefined;
  if (!wantsSecret && options.customerId === undefined && options.active === undefined) {
    throw new UsageError('nothing to update', {
      hint: 'pass --client-secret-stdin, --customer-id, --activate or --deactivate',
    });
  }
  const customerId = options.customerId === undefined ? undefined : parseCustomerId(options.customerId);
  const clientSecret = wantsSecret ? await obtainClientSecret(runtime, options.clientSecretStdin) : undefined;
  const db = await runtime.openDatabase();
  if (!(await getAccount(db, accountId))) {
    throw new NotFoundError(`account ${accountId} does not exist`, {
      hint: 'see hostaway-sync accounts list',
    });
  }
  const token =
    clientSecret && options.verify ? await verifyCredentials(runtime, accountId, clientSecret) : null;
  await updateAccount(db, accountId, {
    customerId,
    clientSecret,
    isActive: options.active,
    // A new secret invalidates the stored token; keep the freshly minted one when we verified.
    ...(clientSecret
      ? { accessToken: token?.accessToken ?? null, accessTokenExpiresAt: token?.expiresAt ?? null }
      : {}),
  });
  const changed = [
    customerId && 'customer id',
    clientSecret && 'client secret',
    options.active !== undefined && (options.active ? 'activated' : 'deactivated'),
  ].filter(Boolean);
  if (options.json) writeJson(runtime, { accountId, updated: changed });
  else runtime.io.stderr.write(`${runtime.color.green('✔')} account ${accountId}: ${changed.join(', ')}\n`);
  return 0;
}
