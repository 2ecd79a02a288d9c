import { Argument, InvalidArgumentError, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { DAY_MS, parseDurationMs } from '../../durations.js';
import { UsageError } from '../../errors.js';
import { parseResourceList } from '../../sync/resource-sets.js';

/** The option values a command's `configure` declares, as its `run` receives them. */
export type OptionsOf<Configure extends (...args: never[]) => CommandUnknownOpts> = ReturnType<
  ReturnType<Configure>['opts']
>;

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value)) || Number(value) <= 0) {
    throw new InvalidArgumentError('expected a positive integer.');
  }
  return Number(value);
}

export function parsePort(value: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65_535)) throw new InvalidArgumentError('expected a port number 0-65535.');
  return port;
}

/** An egress pool name, as HOSTAWAY_EGRESS_POOL accepts it. */
export function parsePoolName(value: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(value))
    throw new InvalidArgumentError('expected 1-63 letters, digits, ".", "_" or "-".');
  return value;
}

/** A repeatable id option (`--account 1 --account 2`). */
export const collectInt = (value: string, previous: number[] = []) => [...previous, parsePositiveInt(value)];

/** The one account a command acts on, as an argument (`<account-id>`). */
export const accountIdArgument = () =>
  new Argument('<account-id>', 'Hostaway account id').argParser(parsePositiveInt);

/** The one account a command acts on, as an option (`--account <id>`, `--account-id <id>`). */
export const accountIdOption = <Flags extends string>(flags: Flags) =>
  new Option(flags, 'Hostaway account id').argParser(parsePositiveInt);

/** `--json`: the command prints `what` as one JSON document on stdout (see writeJson). */
export const jsonOption = (what = 'the result') => new Option('--json', `print ${what} as JSON on stdout`);

/** `-a, --account <id>`, repeatable: only these accounts. */
export const accountFilterOption = () =>
  new Option('-a, --account <id>', 'only this account (repeatable)').argParser(collectInt);

/** `--since <when>`: only events received since then. */
export const sinceOption = () =>
  new Option('--since <when>', 'only events received since (30m, 2h, 7d or a date)').argParser(parseSince);

/** A command's help epilogue: the example command lines, one a line. */
export const examples = (...commands: string[]) =>
  `\nExample${commands.length > 1 ? 's' : ''}:\n${commands.map((c) => `  ${c}`).join('\n')}`;

/** Longest duration accepted (100 years): anything longer is a typo, and dates must stay valid. */
const MAX_DURATION_MS = 100 * 365 * DAY_MS;

/** "30m", "2h", "1d", "90s" or plain seconds, as milliseconds (at most 100 years). */
export function parseDurationMsOption(value: string): number {
  const ms = parseDurationMs(value);
  if (ms === undefined || !(ms > 0))
    throw new InvalidArgumentError('expected a duration such as 90s, 30m, 2h or 1d.');
  if (ms > MAX_DURATION_MS) throw new InvalidArgumentError('expected a duration of at most 100 years.');
  return ms;
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

/** Help shared by `accounts add` and `accounts update`. */
export const ACCOUNT_HELP = {
  resources:
    'optional resources to sync: names or groups separated by commas, all, none or default (see README "Resources")',
  attachments: 'download and keep the files attached to its messages (README "Attachments")',
  plaintext:
    'store the client secret unencrypted when HOSTAWAY_SYNC_ENCRYPTION_KEY is not set (not recommended)',
};

/** The statuses of a stored webhook event, as `--status` takes them. */
export const WEBHOOK_EVENT_STATUSES = ['pending', 'applied', 'failed'] as const;

/** The stored webhook events `--account`, `--status` and `--since` choose. */
export const webhookEventFilter = (options: {
  account?: number[];
  status?: (typeof WEBHOOK_EVENT_STATUSES)[number];
  since?: Date;
}) => ({ accountIds: options.account, status: options.status, since: options.since });
