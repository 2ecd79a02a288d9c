import { Command, Option } from 'commander';
import { ExitCode } from '../errors.js';
import { settingChoices, settingHelp } from '../settings/docs.js';
import { VERSION } from '../version.js';
import { addAccountsCommands, type AccountsHandlers } from './program-accounts.js';
import { addAttachmentsCommands, type AttachmentsHandlers } from './program-attachments.js';
import { addDemoCommands, type DemoHandlers } from './program-demo.js';
import { addOperateCommands, type OperateHandlers } from './program-operate.js';
import type { CommandContext, GlobalOptions } from './program-shared.js';
import { formatErrorReport, type ErrorFormat, type ErrorReport } from './render-error.js';
import { addSyncCommands, type SyncHandlers } from './program-sync.js';
import { addWebhookCommands, type WebhookHandlers } from './program-webhook.js';

export type { GlobalOptions } from './program-shared.js';
export { parsePositiveInt } from './program-shared.js';
export type * from './program-accounts.js';
export type * from './program-attachments.js';
export type * from './program-demo.js';
export type * from './program-operate.js';
export type * from './program-sync.js';
export type * from './program-webhook.js';

/** The functions the program dispatches to; main.ts passes the real ones, the wiring test records calls. */
export type Handlers = OperateHandlers &
  AccountsHandlers &
  AttachmentsHandlers &
  SyncHandlers &
  WebhookHandlers &
  DemoHandlers;

/**
 * Builds the commander program. `onResult` receives each handler's exit code. Commands only parse and
 * dispatch; all behaviour lives in the handlers.
 */
export function buildProgram(
  handlers: Handlers,
  onResult: (code: number) => void,
  errorFormat: ErrorFormat = 'text',
): Command {
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
  const context: CommandContext = {
    program,
    globals: () => program.opts<GlobalOptions>(),
    done: async (code) => onResult(await code),
  };
  addDemoCommands(context, handlers);
  addOperateCommands(context, handlers);
  addAccountsCommands(context, handlers);
  addSyncCommands(context, handlers);
  addAttachmentsCommands(context, handlers);
  addWebhookCommands(context, handlers);
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
