import { type CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import { QUERY_VIEWS } from '../../db/query-views.js';
import { runReadOnlyQuery } from '../../db/queries/read-only-query.js';
import { writeJson } from '../render/output.js';
import type { Runtime } from '../runtime.js';
import { formatResultTable, toCsv, toJsonRows } from '../support/sql-output.js';
import { type OptionsOf } from '../support/options.js';

const EXAMPLES = `
Examples:
  hostaway-sync sql "select status, count(*) from hostaway.reservation_summary
                     group by 1"
  hostaway-sync sql "select name, city, capacity from hostaway.listing_summary"
  hostaway-sync sql "select guest_name from hostaway.thread_summary
                     where awaiting_reply" --json

Views (schema hostaway):
${QUERY_VIEWS.join(', ')
  .replace(/(.{1,76})(?:, |$)/g, '  $1,\n')
  .replace(/,\n$/, '.')}

One statement, run in a read-only transaction: writes and several statements are
refused (exit 2).`;

export const configure = (program: CommandUnknownOpts) =>
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
    .addHelpText('after', EXAMPLES);

type Options = OptionsOf<typeof configure>;

/** `hostaway-sync sql "<query>"`: the rows on stdout (a table, JSON or CSV); the row count on stderr. */
export async function run(runtime: Runtime, query: string, options: Options): Promise<number> {
  const db = await runtime.openDatabase();
  const result = await runReadOnlyQuery(db, query);
  if (options.json) {
    writeJson(runtime, toJsonRows(result));
    return 0;
  }
  if (options.csv) {
    runtime.io.stdout.write(toCsv(result));
    return 0;
  }
  const { stdout, stderr } = runtime.io;
  if (result.fields.length === 0) {
    stderr.write('done (the statement returns no rows)\n');
    return 0;
  }
  const table = formatResultTable(result);
  stdout.write(table.text);
  const count = result.rows.length;
  const note = table.truncated ? '; long values are cut, --json prints them whole' : '';
  stderr.write(runtime.color.dim(`(${count} row${count === 1 ? '' : 's'}${note})\n`));
  return 0;
}
