import { DAY_MS, parseDurationMs } from '../durations.js';
import { InvalidArgumentError, Option } from 'commander';
import { parsePort, parsePositiveInt, type CommandContext, type GlobalOptions } from './program-shared.js';

export interface MigrateOptions {
  json?: boolean;
}
export interface StatusOptions {
  json?: boolean;
  prometheus?: boolean;
  maxAge?: number;
  account?: number[];
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

export interface OperateHandlers {
  migrate(options: MigrateOptions, globals: GlobalOptions): Promise<number>;
  status(options: StatusOptions, globals: GlobalOptions): Promise<number>;
  simulate(options: SimulateOptions, globals: GlobalOptions): Promise<number>;
}

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

/** Operating the installation: schema, health, and the simulator. */
export function addOperateCommands(
  { program, globals, done }: CommandContext,
  handlers: OperateHandlers,
): void {
  program
    .command('migrate')
    .description('create or update the hostaway schema (safe to run twice or concurrently)')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', '\nExample:\n  DATABASE_URL=postgres://localhost/app hostaway-sync migrate')
    .action((options: MigrateOptions) => done(handlers.migrate(options, globals())));

  program
    .command('status')
    .description(
      'per account and resource: last success, last error, row counts and lag; non-zero exit when unhealthy',
    )
    .option(
      '--max-age <duration>',
      'unhealthy when the last successful sync is older (e.g. 30m, 2h)',
      parseDurationMsOption,
    )
    .option('-a, --account <id>', 'only this account (repeatable)', (v: string, prev: number[] = []) => [
      ...prev,
      parsePositiveInt(v),
    ])
    .addOption(new Option('--json', 'print the status as JSON on stdout').conflicts('prometheus'))
    .option(
      '--prometheus',
      "print the fleet's gauges (health, lag, unavailable resources, given-up threads, budgets) in Prometheus' text format",
    )
    .addHelpText(
      'after',
      '\nExamples:\n  hostaway-sync status\n  hostaway-sync status --max-age 30m --json   # exit 3 when stale or failing\n  hostaway-sync status --prometheus > /var/lib/node_exporter/textfile/hostaway.prom.tmp',
    )
    .action((options: StatusOptions) => done(handlers.status(options, globals())));

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
}
