import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ExitCode } from '../../src/errors.js';

/** The README's "Exit codes" table rows, each as its cells. */
function readmeRows(): string[][] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('\n## Exit codes\n')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2) // header and its rule
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

describe('README "Exit codes" table', () => {
  it('lists every exit code the tool uses, and only those, one code and one meaning per row', () => {
    const rows = readmeRows();
    assert.deepEqual(
      rows.filter((cells) => cells.length !== 2).map((cells) => cells[0]),
      [],
      'rows with other than two cells',
    );
    const documented = rows.flatMap(([codes]) => codes!.split('/').map((code) => Number(code.trim())));
    assert.deepEqual(
      [...documented].sort((a, b) => a - b),
      [...new Set(Object.values(ExitCode))].sort((a, b) => a - b),
    );
  });
});
