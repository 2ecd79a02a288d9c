import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { listAccounts } from '../../db/accounts/accounts-repo.js';
import { writeJson } from '../render/output.js';
import { formatTime } from '../render/format-time.js';
import { formatTable } from '../render/table.js';
import type { Runtime } from '../runtime.js';
import { enabledResources, SELECTABLE_RESOURCES } from '../../sync/resource-sets.js';
import { type OptionsOf } from '../support/options.js';

export const configure = (accounts: CommandUnknownOpts) =>
  accounts
    .command('list')
    .description('list accounts with their last sync, row counts and last error')
    .option('--json', 'print the accounts as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  hostaway-sync accounts list\n  hostaway-sync accounts list --json | jq .',
    );

type Options = OptionsOf<typeof configure>;

/** `default (8)`, `all (16)`, `none`, or the names chosen (attachments included when enabled). */
function describeChoice(choice: string[] | null, enabled: string[]): string {
  if (enabled.length === 0) return 'none';
  if (choice === null) return `default (${enabled.length})`;
  if (SELECTABLE_RESOURCES.every((name) => choice.includes(name))) return `all (${enabled.length})`;
  const names = enabled.join(',');
  return names.length > 40 ? `${names.slice(0, 39)}… (${enabled.length})` : names;
}

export async function run(runtime: Runtime, options: Options): Promise<number> {
  const db = await runtime.openDatabase();
  const accounts = (await listAccounts(db)).map((a) => ({
    ...a,
    enabledResources: enabledResources({
      resources: a.resourceChoice,
      downloadAttachments: a.downloadAttachments,
    }),
  }));
  if (options.json) {
    writeJson(runtime, accounts);
    return 0;
  }
  if (accounts.length === 0) {
    runtime.io.stderr.write('no accounts yet; add one with: hostaway-sync accounts add\n');
    return 0;
  }
  const { color } = runtime;
  const rows = accounts.map((a) => [
    a.accountId,
    a.customerId,
    a.isActive ? color.green('yes') : color.yellow('no'),
    a.egressPool,
    formatTime(a.lastSyncAt),
    a.counts.listings,
    a.counts.reservations,
    a.counts.threads,
    describeChoice(a.resourceChoice, a.enabledResources),
    a.lastRun?.error ? color.red(a.lastRun.error.slice(0, 60)) : (a.lastRun?.status ?? null),
  ]);
  runtime.io.stdout.write(
    formatTable(
      [
        'ACCOUNT',
        'CUSTOMER',
        'ACTIVE',
        'POOL',
        'LAST SYNC',
        'LISTINGS',
        'RESERVATIONS',
        'THREADS',
        'RESOURCES',
        'LAST RUN',
      ],
      rows,
    ),
  );
  return 0;
}
