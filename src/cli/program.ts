import { Command, InvalidArgumentError, Option } from 'commander';
import { VERSION } from '../version.js';

/** Options every command accepts (defined on the root program). */
export interface GlobalOptions {
  verbose?: boolean;
  color?: boolean;
  dataDir?: string;
  logLevel?: string;
  logFormat?: string;
  /** Set from a command's --concurrency (it also sizes the connection pool). */
  syncConcurrency?: number;
}

export interface AccountsAddOptions {
  accountId?: number;
  customerId?: string;
  clientSecretStdin?: boolean;
  verify: boolean;
  json?: boolean;
}
export interface AccountsUpdateOptions {
  customerId?: string;
  clientSecretStdin?: boolean;
  active?: boolean;
  verify: boolean;
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
export interface SyncOptions {
  account?: number[];
  all?: boolean;
  json?: boolean;
  concurrency?: number;
}
export interface SimulateOptions {
  port: number;
  host: string;
  seed: number;
  accounts: number;
  listings: number;
  reservations: number;
  conversations?: number;
  rateLimit: boolean;
}
export interface MigrateOptions {
  json?: boolean;
}

/** The functions the program dispatches to; main.ts passes the real ones, the wiring test records calls. */
export interface Handlers {
  migrate(options: MigrateOptions, globals: GlobalOptions): Promise<number>;
  accountsAdd(options: AccountsAddOptions, globals: GlobalOptions): Promise<number>;
  accountsUpdate(accountId: number, options: AccountsUpdateOptions, globals: GlobalOptions): Promise<number>;
  accountsList(options: AccountsListOptions, globals: GlobalOptions): Promise<number>;
  accountsRemove(accountId: number, options: AccountsRemoveOptions, globals: GlobalOptions): Promise<number>;
  sync(mode: 'full' | 'incremental', options: SyncOptions, globals: GlobalOptions): Promise<number>;
  simulate(options: SimulateOptions, globals: GlobalOptions): Promise<number>;
}

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value)) || Number(value) <= 0) {
    throw new InvalidArgumentError('expected a positive integer.');
  }
  return Number(value);
}

function parsePort(value: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65_535)) throw new InvalidArgumentError('expected a port number 0-65535.');
  return port;
}

const collectInt = (value: string, previous: number[] = []) => [...previous, parsePositiveInt(value)];

/**
 * Builds the commander program. `onResult` receives each handler's exit code. Commands only parse and
 * dispatch; all behaviour lives in the handlers.
 */
export function buildProgram(handlers: Handlers, onResult: (code: number) => void): Command {
  const program = new Command('hostaway-sync')
    .description('Keep Hostaway listings, reservations and message threads in your own PostgreSQL.')
    .version(VERSION, '-V, --version')
    .option('-v, --verbose', 'more detail in logs and errors (stack traces)')
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .addOption(new Option('--data-dir <dir>', 'embedded database directory').env('HOSTAWAY_SYNC_DATA_DIR'))
    .addOption(
      new Option('--log-level <level>', 'log level').choices(['debug', 'info', 'warn', 'error', 'silent']),
    )
    .addOption(new Option('--log-format <format>', 'log format').choices(['json', 'pretty']))
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true });
  const globals = () => program.opts<GlobalOptions>();
  const done = async (code: Promise<number>) => onResult(await code);

  program
    .command('migrate')
    .description('create or update the hostaway schema (safe to run twice or concurrently)')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', '\nExample:\n  DATABASE_URL=postgres://localhost/app hostaway-sync migrate')
    .action((options: MigrateOptions) => done(handlers.migrate(options, globals())));

  addAccountsCommands(program, handlers, globals, done);
  addSyncCommands(program, handlers, globals, done);

  program
    .command('simulate')
    .description('run the built-in Hostaway API simulator (for trying the tool and for tests)')
    .addOption(
      new Option('--port <port>', 'port to listen on (0 = any free port)').argParser(parsePort).default(4010),
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <n>', 'seed of the generated data', parsePositiveInt, 1)
    .option('--accounts <n>', 'number of simulated accounts', parsePositiveInt, 1)
    .option('--listings <n>', 'listings per account', parsePositiveInt, 10)
    .option('--reservations <n>', 'reservations per account', parsePositiveInt, 100)
    .option(
      '--conversations <n>',
      'conversations per account (default: one per reservation)',
      parsePositiveInt,
    )
    .option('--no-rate-limit', "do not enforce Hostaway's rate limits")
    .addHelpText(
      'after',
      '\nExample:\n  hostaway-sync simulate --port 4010 --seed 1 --accounts 2 --listings 50 --reservations 2000',
    )
    .action((options: SimulateOptions) => done(handlers.simulate(options, globals())));
  return program;
}

type Done = (code: Promise<number>) => Promise<void>;

function addAccountsCommands(
  program: Command,
  handlers: Handlers,
  globals: () => GlobalOptions,
  done: Done,
): void {
  const accounts = program.command('accounts').description('manage Hostaway accounts');
  accounts
    .command('add')
    .description('add a Hostaway account (prompts on a terminal for anything not given)')
    .option('--account-id <id>', 'Hostaway account id', parsePositiveInt)
    .option('--customer-id <uuid>', 'your customer id for this account (a UUID)')
    .option('--client-secret-stdin', 'read the client secret from stdin (or set HOSTAWAY_CLIENT_SECRET)')
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
    .option('--activate', 'resume syncing this account')
    .addOption(new Option('--deactivate', 'stop syncing this account (data kept)').conflicts('activate'))
    .option('--no-verify', 'save a new secret without checking it with Hostaway')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      '\nExample:\n  echo "$NEW_SECRET" | hostaway-sync accounts update 12345 --client-secret-stdin',
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
    .option('--hard', 'delete the account and all its data')
    .option('-y, --yes', 'do not ask for confirmation (required with --hard when not on a terminal)')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  hostaway-sync accounts remove 12345\n  hostaway-sync accounts remove 12345 --hard --yes',
    )
    .action((accountId: number, options: AccountsRemoveOptions) =>
      done(handlers.accountsRemove(accountId, options, globals())),
    );
}

function addSyncCommands(
  program: Command,
  handlers: Handlers,
  globals: () => GlobalOptions,
  done: Done,
): void {
  const sync = program.command('sync').description('copy Hostaway data into the database');
  for (const mode of ['full', 'incremental'] as const) {
    sync
      .command(mode)
      .description(
        mode === 'full'
          ? 'read everything: listings, reservations and every message thread'
          : 'read only what changed since the last run (the first run is a full one)',
      )
      .option('-a, --account <id>', 'account to sync (repeatable)', collectInt)
      .addOption(new Option('--all', 'every active account').conflicts('account'))
      .option('--concurrency <n>', 'accounts synced at once', parsePositiveInt)
      .option('--json', 'print a machine-readable summary on stdout')
      .addHelpText(
        'after',
        `\nExamples:\n  hostaway-sync sync ${mode} --account 12345\n  hostaway-sync sync ${mode} --all --json`,
      )
      .action((options: SyncOptions) => done(handlers.sync(mode, options, globals())));
  }
}
