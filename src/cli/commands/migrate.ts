import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { runMigrations } from '../../db/migrations/migrate.js';
import { writeJson } from '../render/output.js';
import type { Runtime } from '../runtime.js';
import { reportDone } from '../support/report-done.js';
import { jsonOption, type OptionsOf } from '../support/options.js';

export const configure = (program: CommandUnknownOpts) =>
  program
    .command('migrate')
    .description('create or update the hostaway schema (safe to run twice or concurrently)')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  DATABASE_URL=postgres://localhost/app hostaway-sync migrate');

type Options = OptionsOf<typeof configure>;

export async function run(runtime: Runtime, options: Options): Promise<number> {
  const db = await runtime.openDatabase({ schema: 'skip' });
  const result = await runMigrations(db);
  if (options.json) writeJson(runtime, result);
  else if (result.applied.length === 0)
    reportDone(runtime, `schema is up to date (${result.current})`, {
      msg: 'schema is up to date',
      current: result.current,
    });
  else
    reportDone(runtime, `applied ${result.applied.length} migration(s): ${result.applied.join(', ')}`, {
      msg: 'migrations applied',
      applied: result.applied,
      current: result.current,
    });
  return 0;
}
