import { InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../errors.js';
import { parseResourceList } from '../sync/resource-sets.js';
import { parsePositiveInt, type CommandContext, type GlobalOptions } from './program-shared.js';

export interface AccountsAddOptions {
  accountId?: number;
  customerId?: string;
  clientSecretStdin?: boolean;
  webhookLogin?: string;
  webhookPasswordStdin?: boolean;
  allowPlaintextSecrets?: boolean;
  /** Download the attachments of the account's messages (`--attachments` / `--no-attachments`). */
  attachments?: boolean;
  /** Optional resources to sync; absent: keep. */
  resources?: ResourcesChoice;
  verify: boolean;
  json?: boolean;
}
/** An egress pool name, as HOSTAWAY_EGRESS_POOL accepts it. */
export function parsePoolName(value: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(value))
    throw new InvalidArgumentError('expected 1-63 letters, digits, ".", "_" or "-".');
  return value;
}

export interface AccountsUpdateOptions {
  customerId?: string;
  clientSecretStdin?: boolean;
  webhookLogin?: string;
  webhookPasswordStdin?: boolean;
  active?: boolean;
  pool?: string;
  allowPlaintextSecrets?: boolean;
  attachments?: boolean;
  resources?: ResourcesChoice;
  verify: boolean;
  json?: boolean;
}
/**
 * What `--resources` chose: names, or the default set. Not null for the default: commander turns a null
 * from an option parser into "".
 */
export type ResourcesChoice = string[] | 'default';

/** The stored form of a choice: the names, or null for the default set. */
export const storedResources = (choice: ResourcesChoice): string[] | null =>
  choice === 'default' ? null : choice;

/** `--resources a,b|all|none|default` (groups such as `reference` allowed). */
export function parseResourcesOption(value: string): ResourcesChoice {
  try {
    return parseResourceList(value) ?? 'default';
  } catch (error) {
    if (error instanceof UsageError) throw new InvalidArgumentError(`${error.message}.`);
    throw error;
  }
}

const RESOURCES_HELP =
  'optional resources to sync: names or groups separated by commas, all, none or default (see README "Resources")';

export interface AccountsRotateKeyOptions {
  json?: boolean;
}
export interface AccountsListOptions {
  json?: boolean;
}
export interface AccountsRemoveOptions {
  hard?: boolean;
  yes?: boolean;
  json?: boolean;
}

export interface AccountsHandlers {
  accountsAdd(options: AccountsAddOptions, globals: GlobalOptions): Promise<number>;
  accountsUpdate(accountId: number, options: AccountsUpdateOptions, globals: GlobalOptions): Promise<number>;
  accountsList(options: AccountsListOptions, globals: GlobalOptions): Promise<number>;
  accountsRemove(accountId: number, options: AccountsRemoveOptions, globals: GlobalOptions): Promise<number>;
  accountsRotateKey(options: AccountsRotateKeyOptions, globals: GlobalOptions): Promise<number>;
}

const ATTACHMENTS_HELP = 'download and keep the files attached to its messages (README "Attachments")';
const PLAINTEXT_HELP =
  'store the client secret unencrypted when HOSTAWAY_SYNC_ENCRYPTION_KEY is not set (not recommended)';

export function addAccountsCommands(
  { program, globals, done }: CommandContext,
  handlers: AccountsHandlers,
): void {
  const accounts = program.command('accounts').description('manage Hostaway accounts');
  accounts
    .command('add')
    .description('add a Hostaway account (prompts on a terminal for anything not given)')
    .option('--account-id <id>', 'Hostaway account id', parsePositiveInt)
    .option('--customer-id <uuid>', 'your customer id for this account (a UUID)')
    .option('--client-secret-stdin', 'read the client secret from stdin (or set HOSTAWAY_CLIENT_SECRET)')
    .option('--webhook-login <login>', 'Basic login Hostaway sends with webhooks (see webhook register)')
    .option(
      '--webhook-password-stdin',
      'read the webhook Basic password from stdin (or HOSTAWAY_WEBHOOK_PASSWORD)',
    )
    .option('--allow-plaintext-secrets', PLAINTEXT_HELP)
    .option('--resources <list>', RESOURCES_HELP, parseResourcesOption)
    .option('--attachments', ATTACHMENTS_HELP)
    .option('--no-attachments', 'do not download message attachments (the default)')
    .option('--no-verify', 'save without checking the credentials with Hostaway')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  hostaway-sync accounts add\n  echo "$SECRET" | hostaway-sync accounts add --account-id 12345 --client-secret-stdin --customer-id 6f1c…',
    )
    .action((options: AccountsAddOptions) => done(handlers.accountsAdd(options, globals())));
  accounts
    .command('update')
    .description("change an account's secret or customer id, or (de)activate it")
    .argument('<account-id>', 'Hostaway account id', parsePositiveInt)
    .option('--customer-id <uuid>', 'new customer id')
    .option('--client-secret-stdin', 'read a new client secret from stdin')
    .option('--webhook-login <login>', 'new webhook Basic login')
    .option(
      '--webhook-password-stdin',
      'read a new webhook Basic password from stdin (or HOSTAWAY_WEBHOOK_PASSWORD)',
    )
    .option('--pool <name>', 'egress pool whose rate budget and workers serve this account', parsePoolName)
    .option('--resources <list>', RESOURCES_HELP, parseResourcesOption)
    .option('--activate', 'resume syncing this account')
    .addOption(new Option('--deactivate', 'stop syncing this account (data kept)').conflicts('activate'))
    .option('--allow-plaintext-secrets', PLAINTEXT_HELP)
    .option('--attachments', ATTACHMENTS_HELP)
    .option('--no-attachments', 'stop downloading message attachments (stored files are kept)')
    .option('--no-verify', 'save a new secret without checking it with Hostaway')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  echo "$NEW_SECRET" | hostaway-sync accounts update 12345 --client-secret-stdin\n  hostaway-sync accounts update 12345 --resources reference,reviews,calendar',
    )
    .action(
      (accountId: number, options: AccountsUpdateOptions & { activate?: boolean; deactivate?: boolean }) => {
        const { activate, deactivate, ...rest } = options;
        const active = activate ? true : deactivate ? false : undefined;
        return done(handlers.accountsUpdate(accountId, { ...rest, active }, globals()));
      },
    );
  accounts
    .command('list')
    .description('list accounts with their last sync, row counts and last error')
    .option('--json', 'print the accounts as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  hostaway-sync accounts list\n  hostaway-sync accounts list --json | jq .',
    )
    .action((options: AccountsListOptions) => done(handlers.accountsList(options, globals())));
  accounts
    .command('remove')
    .description('deactivate an account (default) or delete it with all its data (--hard)')
    .argument('<account-id>', 'Hostaway account id', parsePositiveInt)
    .option('--hard', 'delete the account and all its data, and its registered webhook in Hostaway')
    .option('-y, --yes', 'do not ask for confirmation (required with --hard when not on a terminal)')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  hostaway-sync accounts remove 12345\n  hostaway-sync accounts remove 12345 --hard --yes',
    )
    .action((accountId: number, options: AccountsRemoveOptions) =>
      done(handlers.accountsRemove(accountId, options, globals())),
    );
  accounts
    .command('rotate-key')
    .description(
      're-encrypt every stored client secret and access token under HOSTAWAY_SYNC_ENCRYPTION_KEY (all or nothing)',
    )
    .option('--json', 'print the counts as JSON on stdout')
    .addHelpText(
      'after',
      '\nReads with the current key and HOSTAWAY_SYNC_PREVIOUS_ENCRYPTION_KEYS; values already under the current\nkey are left alone, so running it twice is harmless.\n\nExample:\n  HOSTAWAY_SYNC_PREVIOUS_ENCRYPTION_KEYS="$OLD_KEY" hostaway-sync accounts rotate-key',
    )
    .action((options: AccountsRotateKeyOptions) => done(handlers.accountsRotateKey(options, globals())));
}
