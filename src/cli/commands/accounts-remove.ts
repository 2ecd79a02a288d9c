import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { deactivateAccount, deleteAccount, getAccount } from '../../db/accounts/accounts-repo.js';
import { listStoredFiles } from '../../db/attachments/attachment-files-repo.js';
import { getWebhookAccount } from '../../db/webhooks/webhook-accounts-repo.js';
import { deleteUnreferencedFiles } from '../../sync/attachments/attachment-store.js';
import { accountNotFound, ConfigError } from '../../errors.js';
import { writeJson } from '../render/output.js';
import type { Runtime } from '../runtime.js';
import { reportDone } from '../support/report-done.js';
import { unregisterBestEffort } from '../support/webhook-registration.js';
import { accountIdArgument, examples, jsonOption, type OptionsOf } from '../support/options.js';

export const configure = (accounts: CommandUnknownOpts) =>
  accounts
    .command('remove')
    .description('deactivate an account (default) or delete it with all its data (--hard)')
    .addArgument(accountIdArgument())
    .option('--hard', 'delete the account and all its data, and its registered webhook in Hostaway')
    .option('-y, --yes', 'do not ask for confirmation (required with --hard when not on a terminal)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples('hostaway-sync accounts remove 12345', 'hostaway-sync accounts remove 12345 --hard --yes'),
    );

type Options = OptionsOf<typeof configure>;

/** Soft by default (deactivate, keep data); --hard deletes the account and every row it owns. */
export async function run(runtime: Runtime, accountId: number, options: Options) {
  // Checked before anything is opened: off a terminal, --hard without --yes cannot go on.
  if (options.hard && !options.yes && !runtime.io.interactive)
    throw new ConfigError('--hard deletes data and needs confirmation', { hint: 'pass --yes to confirm' });
  const db = await runtime.openDatabase();
  if (!(await getAccount(db, accountId))) throw accountNotFound(accountId);
  if (!options.hard) {
    await deactivateAccount(db, accountId);
    if (options.json) writeJson(runtime, { accountId, removed: 'deactivated' });
    else
      reportDone(runtime, `account ${accountId} deactivated (data kept)`, {
        msg: 'account deactivated',
        accountId,
      });
    return 0;
  }
  if (!options.yes) {
    const sure = await runtime.io.prompts.confirm({
      message: `Delete account ${accountId} and ALL its listings, reservations and messages?`,
      default: false,
    });
    if (!sure) {
      runtime.io.stderr.write('nothing deleted\n');
      return 0;
    }
  }
  const webhook = await unregisterBestEffort(runtime, db, await getWebhookAccount(db, accountId));
  const storedFiles = await listStoredFiles(db, accountId);
  await deleteAccount(db, accountId);
  // Rows first, then files: a crash in between leaves files no row refers to, never a row without its file.
  const storeDir = runtime.config.attachments.dir;
  const filesDeleted = storeDir === undefined ? 0 : await deleteUnreferencedFiles(db, storeDir, storedFiles);
  if (options.json)
    writeJson(runtime, {
      accountId,
      removed: 'deleted',
      webhook: webhook.status,
      attachmentFiles: { deleted: filesDeleted, kept: storedFiles.length - filesDeleted },
    });
  else
    reportDone(runtime, `account ${accountId} and its data deleted`, { msg: 'account deleted', accountId });
  if (storeDir === undefined && storedFiles.length > 0)
    runtime.io.stderr.write(
      `${runtime.color.yellow('!')} ${storedFiles.length} attachment files stay in the file store: set HOSTAWAY_ATTACHMENTS_DIR to delete them with the account\n`,
    );
  if (webhook.status === 'failed')
    runtime.io.stderr.write(
      `${runtime.color.yellow('!')} its Hostaway webhook was not deleted (${webhook.error}); delete it in the Hostaway dashboard\n`,
    );
  return 0;
}
