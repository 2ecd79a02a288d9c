import { runReadOnlyQuery } from '../../db/queries/read-only-query.js';
import type { SqlOptions } from '../program.js';
import { writeJson } from '../render/output.js';
import type { Runtime } from '../runtime.js';
import { formatResultTable, toCsv, toJsonRows } from '../support/sql-output.js';

/** `hostaway-sync sql "<query>"`: the rows on stdout (a table, JSON or CSV); the row count on stderr. */
export async function runSqlCommand(runtime: Runtime, query: string, options: SqlOptions): Promise<number> {
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
