import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { settingsMarkdownTable } from '../../src/settings/docs.js';
import { SETTINGS } from '../../src/settings/table.js';

/** The README's "Configuration" table: from its header row to the first blank line. */
function readmeTable(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('\n## Configuration\n')[1]?.split('\n## ')[0] ?? '';
  const start = section.indexOf('\n| variable |');
  return start < 0 ? '' : section.slice(start + 1).split('\n\n')[0]!;
}

describe('README "Configuration" table', () => {
  it('is the settings table: every variable, its default and meaning, in order', () => {
    const expected = settingsMarkdownTable();
    assert.ok(
      readmeTable() === expected,
      `README.md's table differs from src/settings/table.ts; replace it with:\n\n${expected}\n`,
    );
  });

  it('gives every setting a meaning', () => {
    const undescribed = Object.entries(SETTINGS.shape).filter(([, schema]) => !schema.description);
    assert.deepEqual(
      undescribed.map(([name]) => name),
      [],
    );
  });
});
