import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { listAccounts } from '../../db/accounts/accounts-repo.js';
import { writeList } from '../render/output.js';
import { formatTime } from '../render/format-time.js';
import type { Runtime } from '../runtime.js';
import { enabledResources, SELECTABLE_RESOURCES } from '../../sync/resource-sets.js';
import { examples, jsonOption, type OptionsOf } from '../support/options.js';

export const configure = (accounts: CommandUnknownOpts) =>
  accounts
    .command('list')
    .description('list accounts with their last sync, row counts and last error')
    .addOption(jsonOption('the accounts'))
    .addHelpText(
      'after',
      examples('hostaway-sync accounts list', 'hostaway-sync accounts list --json | jq .'),
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
  const { color } = runtime;
  writeList(runtime, accounts, {
    json: options.json,
    empty: 'no accounts yet; add one with: hostaway-sync accounts add',
    headers: [
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
    row: (a) => [
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
    ],
  });
  return 0;
}
