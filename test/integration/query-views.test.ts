import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { buildProgram } from '../../src/cli/program.js';
import { QUERY_VIEWS } from '../../src/db/query-views.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The first column of the README table under `heading` (backticks removed). */
function readmeTableNames(heading: string): string[] {
  const section = README.slice(README.indexOf(`\n${heading}\n`));
  const table = section.slice(section.indexOf('\n|'), section.indexOf('\n\n', section.indexOf('\n|')));
  return table
    .split('\n')
    .slice(3)
    .map((row) => /^\| `([a-z_]+)`/.exec(row)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** The views and tables the database has are the ones `sql --help`, the demo and the README name. */
describe('the listed views and tables', () => {
  let test: TestDatabase;
  before(async () => {
    test = await createTestDatabase();
  });
  after(async () => test.drop());

  const names = async (type: string) =>
    (
      await test.db.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = 'hostaway' AND table_type = $1 ORDER BY 1`,
        [type],
      )
    ).rows.map((r) => r.name);

  it('QUERY_VIEWS holds every view of the schema, as the README table lists them', async () => {
    assert.deepEqual([...QUERY_VIEWS].sort(), await names('VIEW'));
    assert.deepEqual(readmeTableNames('### Views'), [...QUERY_VIEWS]);
  });

  it('sql --help names every view', () => {
    const program = buildProgram(async () => {});
    const help = program.commands.find((c) => c.name() === 'sql')!;
    let text = '';
    help.configureOutput({ writeOut: (t) => (text += t) }).outputHelp();
    for (const view of QUERY_VIEWS) assert.ok(text.includes(view), `sql --help lacks ${view}`);
  });

  it("the README's schema table lists every table", async () => {
    assert.deepEqual(readmeTableNames('## Schema').sort(), await names('BASE TABLE'));
  });
});
