import { Command, Option, type CommandUnknownOpts, type OptionValues } from '@commander-js/extra-typings';
import { ExitCode } from '../errors.js';
import { settingChoices, settingHelp } from '../settings/docs.js';
import { VERSION } from '../version.js';
import * as accountsAdd from './commands/accounts-add.js';
import * as accountsList from './commands/accounts-list.js';
import * as accountsRemove from './commands/accounts-remove.js';
import * as accountsRotateKey from './commands/accounts-rotate-key.js';
import * as accountsUpdate from './commands/accounts-update.js';
import * as attachmentsGet from './commands/attachments-get.js';
import * as attachmentsList from './commands/attachments-list.js';
import * as demo from './commands/demo.js';
import * as migrate from './commands/migrate.js';
import * as simulate from './commands/simulate.js';
import * as sql from './commands/sql.js';
import * as status from './commands/status.js';
import * as sync from './commands/sync.js';
import * as webhookEvents from './commands/webhook-events.js';
import * as webhookRegister from './commands/webhook-register.js';
import * as webhookReplay from './commands/webhook-replay.js';
import * as webhookServe from './commands/webhook-serve.js';
import * as webhookUnregister from './commands/webhook-unregister.js';
import * as worker from './commands/worker.js';
import { formatErrorReport, type ErrorFormat, type ErrorReport } from './render-error.js';
import type { Runtime } from './runtime.js';

/**
 * Runs one parsed command: main.ts gives `run` a runtime and closes it afterwards; the wiring tests record
 * the command and its arguments instead.
 */
export type Launch = (
  command: CommandUnknownOpts,
  args: unknown[],
  run: (runtime: Runtime) => Promise<number>,
) => Promise<void>;

/** The commander program: global options, then every command (each declared and run by its own file). */
export function buildProgram(launch: Launch, errorFormat: ErrorFormat = 'text') {
  const program = new Command('hostaway-sync')
    .description('Keep Hostaway listings, reservations and message threads in your own PostgreSQL.')
    .version(VERSION, '-V, --version')
    .option('-v, --verbose', 'more detail in logs and errors (stack traces)')
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .addOption(
      new Option('--data-dir <dir>', settingHelp('HOSTAWAY_SYNC_DATA_DIR')).env('HOSTAWAY_SYNC_DATA_DIR'),
    )
    .addOption(new Option('--log-level <level>', 'log level').choices(settingChoices('LOG_LEVEL')))
    .addOption(new Option('--log-format <format>', 'log format').choices(settingChoices('LOG_FORMAT')))
    .exitOverride()
    .configureOutput({
      outputError: (text, write) =>
        write(formatErrorReport(toErrorReport(text), ExitCode.usage, errorFormat)),
    })
    .showHelpAfterError(errorFormat === 'text' ? '(run with --help for usage)' : false)
    .configureHelp({ showGlobalOptions: true });

  /** Attaches `run` to a declared command; commander's arguments and options become its arguments. */
  const wire = <Args extends unknown[], Opts extends OptionValues>(
    command: Command<Args, Opts, OptionValues>,
    run: (runtime: Runtime, ...args: [...Args, Opts]) => Promise<number>,
  ) =>
    command.action((...parsed) => {
      const args = parsed.slice(0, -1) as [...Args, Opts];
      return launch(command, args, (runtime) => run(runtime, ...args));
    });

  wire(demo.configure(program), demo.run);
  wire(sql.configure(program), sql.run);
  wire(migrate.configure(program), migrate.run);
  wire(status.configure(program), status.run);
  wire(simulate.configure(program), simulate.run);

  const accounts = program.command('accounts').description('manage Hostaway accounts');
  wire(accountsAdd.configure(accounts), accountsAdd.run);
  wire(accountsUpdate.configure(accounts), accountsUpdate.run);
  wire(accountsList.configure(accounts), accountsList.run);
  wire(accountsRemove.configure(accounts), accountsRemove.run);
  wire(accountsRotateKey.configure(accounts), accountsRotateKey.run);

  const syncGroup = program.command('sync').description('copy Hostaway data into the database');
  for (const mode of sync.MODES)
    wire(sync.configure(syncGroup, mode), (runtime, options) => sync.run(runtime, mode, options));

  wire(worker.configure(program), worker.run);

  const attachments = program
    .command('attachments')
    .description('message attachments downloaded by accounts with --attachments');
  wire(attachmentsList.configure(attachments), attachmentsList.run);
  wire(attachmentsGet.configure(attachments), attachmentsGet.run);

  const webhook = program
    .command('webhook')
    .description('receive Hostaway webhooks: listener, inbox, registration');
  wire(webhookServe.configure(webhook), webhookServe.run);
  wire(webhookRegister.configure(webhook), webhookRegister.run);
  wire(webhookUnregister.configure(webhook), webhookUnregister.run);
  wire(webhookReplay.configure(webhook), webhookReplay.run);
  wire(webhookEvents.configure(webhook), webhookEvents.run);
  return program;
}

/**
 * Commander's error text as a report: control characters of a rejected value escaped (so it stays one line
 * and cannot send escape sequences to the terminal), its trailing "(Did you mean x?)" as the hint.
 */
function toErrorReport(text: string): ErrorReport {
  const body = text.replace(/\n$/, '').replace(/^error: /, '');
  const suggestion = /\n\(Did you mean ([\w -]+)\?\)$/.exec(body);
  const message = suggestion ? body.slice(0, suggestion.index) : body;
  return {
    message: message.replace(/\p{Cc}/gu, (c) => JSON.stringify(c).slice(1, -1)),
    code: 'USAGE',
    ...(suggestion ? { hint: `did you mean ${suggestion[1]}?` } : {}),
  };
}
