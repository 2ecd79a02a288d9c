import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseDurationMs } from '../durations.js';
import { orSetting } from '../settings/docs.js';
import { parseDurationMsOption } from './program-operate.js';
import {
  collectInt,
  parsePort,
  parsePositiveInt,
  type CommandContext,
  type GlobalOptions,
} from './program-shared.js';

export type WebhookEventStatusOption = 'pending' | 'applied' | 'failed';

export interface WebhookServeOptions {
  host?: string;
  port?: number;
}
export interface WebhookRegisterOptions {
  account: number;
  url: string;
  webhookLogin?: string;
  webhookPasswordStdin?: boolean;
  json?: boolean;
}
export interface WebhookUnregisterOptions {
  account: number;
  url?: string;
  json?: boolean;
}
export interface WebhookReplayOptions {
  account?: number[];
  since?: Date;
  status: WebhookEventStatusOption;
  id?: number[];
  json?: boolean;
}
export interface WebhookEventsOptions {
  account?: number[];
  since?: Date;
  status?: WebhookEventStatusOption;
  limit: number;
  json?: boolean;
}

export interface WebhookHandlers {
  webhookServe(options: WebhookServeOptions, globals: GlobalOptions): Promise<number>;
  webhookRegister(options: WebhookRegisterOptions, globals: GlobalOptions): Promise<number>;
  webhookUnregister(options: WebhookUnregisterOptions, globals: GlobalOptions): Promise<number>;
  webhookReplay(options: WebhookReplayOptions, globals: GlobalOptions): Promise<number>;
  webhookEvents(options: WebhookEventsOptions, globals: GlobalOptions): Promise<number>;
}

/** "2h" (that long ago) or an ISO date/time. */
export function parseSince(value: string): Date {
  if (parseDurationMs(value) !== undefined) return new Date(Date.now() - parseDurationMsOption(value));
  const at = Date.parse(value);
  // Dates before 1970 or past 9999 cannot be meant (and some cannot be printed back).
  if (Number.isNaN(at) || at < 0 || at > Date.UTC(9999, 11, 31))
    throw new InvalidArgumentError('expected a duration (30m, 2h, 7d) or a date (2025-01-31).');
  return new Date(at);
}

const statusOption = (description: string) =>
  new Option('--status <status>', description).choices(['pending', 'applied', 'failed']);

/** The webhook listener and its inbox and registration tools. */
export function addWebhookCommands(
  { program, globals, done }: CommandContext,
  handlers: WebhookHandlers,
): void {
  const webhook = program
    .command('webhook')
    .description('receive Hostaway webhooks: listener, inbox, registration');
  webhook
    .command('serve')
    .description(
      'run the webhook listener (POST /webhooks/hostaway, GET /health /ready /metrics) until SIGTERM',
    )
    .option('--host <host>', `address to listen on (default: ${orSetting('WEBHOOK_HOST')})`)
    .option('--port <port>', `port to listen on (default: ${orSetting('WEBHOOK_PORT')})`, parsePort)
    .addHelpText('after', '\nExample:\n  DATABASE_URL=postgres://… hostaway-sync webhook serve --port 8080')
    .action((options: WebhookServeOptions) => done(handlers.webhookServe(options, globals())));
  webhook
    .command('register')
    .description("create or update the account's unified webhook in Hostaway, with Basic credentials")
    .requiredOption('--account <id>', 'Hostaway account id', parsePositiveInt)
    .requiredOption(
      '--url <url>',
      'public URL of the listener, e.g. https://hooks.example.com/webhooks/hostaway',
    )
    .option(
      '--webhook-login <login>',
      'Basic login (default: HOSTAWAY_WEBHOOK_LOGIN or hostaway-sync-<account>)',
    )
    .option(
      '--webhook-password-stdin',
      'read the Basic password from stdin (default: HOSTAWAY_WEBHOOK_PASSWORD, else a random one)',
    )
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      '\nExample:\n  hostaway-sync webhook register --account 12345 --url https://hooks.example.com/webhooks/hostaway',
    )
    .action((options: WebhookRegisterOptions) => done(handlers.webhookRegister(options, globals())));
  webhook
    .command('unregister')
    .description("delete the account's webhook from Hostaway (the one registered, or every hook for --url)")
    .requiredOption('--account <id>', 'Hostaway account id', parsePositiveInt)
    .option('--url <url>', 'delete the hooks for this URL')
    .option('--json', 'print the result as JSON on stdout')
    .action((options: WebhookUnregisterOptions) => done(handlers.webhookUnregister(options, globals())));
  addInboxCommands(webhook, globals, done, handlers);
}

/** replay and events: the inbox tools. */
function addInboxCommands(
  webhook: Command,
  globals: CommandContext['globals'],
  done: CommandContext['done'],
  handlers: WebhookHandlers,
): void {
  webhook
    .command('replay')
    .description('apply stored events again (by default the failed ones)')
    .option('-a, --account <id>', 'only this account (repeatable)', collectInt)
    .option('--since <when>', 'only events received since (30m, 2h, 7d or a date)', parseSince)
    .addOption(statusOption('which events').default('failed'))
    .option('--id <n>', 'only this event (repeatable)', collectInt)
    .option('--json', 'print the results as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  hostaway-sync webhook replay\n  hostaway-sync webhook replay --account 12345 --since 2h --status applied',
    )
    .action((options: WebhookReplayOptions) => done(handlers.webhookReplay(options, globals())));
  webhook
    .command('events')
    .description('list recent inbox events, newest first')
    .option('-a, --account <id>', 'only this account (repeatable)', collectInt)
    .option('--since <when>', 'only events received since (30m, 2h, 7d or a date)', parseSince)
    .addOption(statusOption('only events with this status'))
    .option('--limit <n>', 'how many', parsePositiveInt, 50)
    .option('--json', 'print the events as JSON on stdout')
    .action((options: WebhookEventsOptions) => done(handlers.webhookEvents(options, globals())));
}
