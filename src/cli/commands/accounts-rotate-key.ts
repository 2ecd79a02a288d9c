import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { rotateAccountSecrets, type ColumnCounts } from '../../secrets/rotate-keys.js';
import { writeJson } from '../render/output.js';
import type { Runtime } from '../runtime.js';
import { runtimeSecrets } from '../secrets.js';
import { reportDone } from '../support/report-done.js';
import { jsonOption, type OptionsOf } from '../support/options.js';

export const configure = (accounts: CommandUnknownOpts) =>
  accounts
    .command('rotate-key')
    .description(
      're-encrypt every stored client secret and access token under HOSTAWAY_SYNC_ENCRYPTION_KEY (all or nothing)',
    )
    .addOption(jsonOption('the counts'))
    .addHelpText(
      'after',
      '\nReads with the current key and HOSTAWAY_SYNC_PREVIOUS_ENCRYPTION_KEYS; values\nalready under the current key are left alone, so running it twice is harmless.\n\nExample:\n  export HOSTAWAY_SYNC_PREVIOUS_ENCRYPTION_KEYS="$OLD_KEY"\n  hostaway-sync accounts rotate-key',
    );

type Options = OptionsOf<typeof configure>;

/** accounts rotate-key: every stored secret and token under the current key, all or nothing. */
export async function run(runtime: Runtime, options: Options): Promise<number> {
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
