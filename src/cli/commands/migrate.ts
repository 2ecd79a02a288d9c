import { runMigrations } from '../../db/migrations/migrate.js';
import type { MigrateOptions } from '../program.js';
import { writeJson } from '../render/output.js';
import type { Runtime } from '../runtime.js';
import { reportDone } from '../support/report-done.js';

export async function runMigrateCommand(runtime: Runtime, options: MigrateOptions): Promise<number> {
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
