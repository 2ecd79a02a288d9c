import { Option } from 'commander';
import { QUERY_VIEWS } from '../db/query-views.js';
import { parsePositiveInt, type CommandContext, type GlobalOptions } from './program-shared.js';

export interface DemoOptions {
  reservations: number;
  listings: number;
  keepSimulator?: boolean;
  json?: boolean;
}
export interface SqlOptions {
  json?: boolean;
  csv?: boolean;
}

export interface DemoHandlers {
  demo(options: DemoOptions, globals: GlobalOptions): Promise<number>;
  sql(query: string, options: SqlOptions, globals: GlobalOptions): Promise<number>;
}

const SQL_EXAMPLES = `
Examples:
  hostaway-sync sql "select status, count(*) from hostaway.reservation_summary group by 1 order by 2 desc"
  hostaway-sync sql "select name, city, bedrooms, capacity from hostaway.listing_summary order by name"
  hostaway-sync sql "select guest_name, last_message_at from hostaway.thread_summary where awaiting_reply" --json

Views (schema hostaway): ${QUERY_VIEWS.join(', ')}.
One statement, run in a read-only transaction: writes and several statements are refused (exit 2).`;

/** The first-run commands: a guided tour against the simulator, and read-only SQL for exploring. */
export function addDemoCommands({ program, globals, done }: CommandContext, handlers: DemoHandlers): void {
  program
    .command('demo')
    .description(
      'try everything offline: simulator, migrate, full sync, changes, incremental sync, then what happened',
    )
    .option('--reservations <n>', 'reservations in the demo account', parsePositiveInt, 800)
    .option('--listings <n>', 'listings in the demo account', parsePositiveInt, 20)
    .option('--keep-simulator', 'keep the simulator running afterwards (until Ctrl-C) to try more commands')
    .option('--json', 'print a machine-readable report on stdout')
    .addHelpText(
      'after',
      `
Uses the embedded database unless DATABASE_URL is set, and leaves the data in place for exploring.
The demo account (10001) is deactivated at the end so that "sync --all" skips it; remove it with
"hostaway-sync accounts remove 10001 --hard --yes".

Examples:
  hostaway-sync demo
  hostaway-sync demo --reservations 5000
  hostaway-sync demo --keep-simulator`,
    )
    .action((options: DemoOptions) => done(handlers.demo(options, globals())));

  program
    .command('sql')
    .description('run one read-only SQL query and print the rows as a table (or JSON)')
    .argument('<query>', 'the SQL statement (quote it)')
    .option('--json', 'print the rows as a JSON array of objects on stdout (timestamps in ISO 8601)')
    .addOption(
      new Option('--csv', 'print the rows as CSV with a header line on stdout (for spreadsheets)').conflicts(
        'json',
      ),
    )
    .addHelpText('after', SQL_EXAMPLES)
    .action((query: string, options: SqlOptions) => done(handlers.sql(query, options, globals())));
}
