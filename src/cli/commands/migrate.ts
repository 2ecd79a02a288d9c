import { runMigrations } from '../../db/migrate.js';
import type { MigrateOptions } from '../program.js';
import { writeJson } from '../render/output.js';
import type { Runtime } from '../runtime.js';

export async function runMigrateCommand(runtime: Runtime, options: MigrateOptions): Promise<number> {
  const db = await runtime.openDatabase({ schema: 'skip' });
  const result = await runMigrations(db);
  if (options.json) writeJson(runtime, result);
  else if (result.applied.length === 0) runtime.io.stderr.write(`schema is up to date (${result.current})\n`);
  else {
    runtime.io.stderr.write(
      `${runtime.color.green('✔')} applied ${result.applied.length} migration(s): ${result.applied.join(', ')}\n`,
    );
  }
  return 0;
}
