import { rotateAccountSecrets, type ColumnCounts } from '../../secrets/rotate-keys.js';
import type { AccountsRotateKeyOptions } from '../program.js';
import { writeJson } from '../render/output.js';
import type { Runtime } from '../runtime.js';
import { runtimeSecrets } from '../secrets.js';
import { reportDone } from '../support/report-done.js';

/** accounts rotate-key: every stored secret and token under the current key, all or nothing. */
export async function runAccountsRotateKey(
  runtime: Runtime,
  options: AccountsRotateKeyOptions,
): Promise<number> {
  const secrets = runtimeSecrets(runtime);
  const db = await runtime.openDatabase();
  const result = await rotateAccountSecrets(db, secrets);
  if (options.json) {
    writeJson(runtime, result);
    return 0;
  }
  const describe = (c: ColumnCounts) =>
    `${c.encrypted} encrypted from plaintext, ${c.reencrypted} re-encrypted, ${c.unchanged} already current`;
  reportDone(
    runtime,
    `key ${result.currentKeyId}: ${result.accounts} account(s); client secrets: ${describe(result.clientSecrets)}; access tokens: ${describe(result.accessTokens)}`,
    { msg: 'secrets rotated', ...result },
  );
  return 0;
}
