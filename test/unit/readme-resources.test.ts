import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RESOURCES } from '../../src/sync/registry.js';
import type { AccountSize } from '../../src/sync/resource.js';

/** The rows of the README's "Resources" table, by resource name. */
function readmeTable(): Map<string, string[]> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('\n## Resources\n')[1]?.split('\n## ')[0] ?? '';
  const table = section.split('\n| Resource |')[1]?.split('\n\n')[0] ?? '';
  const rows = table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/^`|`$/g, '')),
    );
  return new Map(rows.map((cells) => [cells[0]!, cells.slice(1)]));
}

function cadence(seconds: number): string {
  if (seconds === 0) return 'every run';
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  return `${seconds / 60}m`;
}

/** The table's cost formula (n objects, L listings, C changed reservations, R reservations) evaluated. */
function cost(formula: string, size: AccountSize): number {
  const js = formula
    .replace(/\bmax\(/g, 'Math.max(')
    .replace(/⌈([^⌉]+)⌉/g, 'Math.ceil($1)')
    .replace(/⌊([^⌋]+)⌋/g, 'Math.floor($1)')
    .replace(/\bn\b/g, String(size.objects))
    .replace(/\bL\b/g, String(size.listings))
    .replace(/\bR\b/g, String(size.reservations))
    .replace(/\bC\b/g, String(size.changedReservations));
  assert.match(js, /^[\d\s+*/().,Mathceilflormx]+$/, `formula ${formula}`);
  return Number(new Function(`return ${js}`)());
}

const SIZES: AccountSize[] = [
  { listings: 0, reservations: 0, objects: 0, changedReservations: 0 },
  { listings: 3, reservations: 140, objects: 99, changedReservations: 7 },
  { listings: 50, reservations: 2000, objects: 100, changedReservations: 2000 },
  { listings: 120, reservations: 5000, objects: 1234, changedReservations: 1 },
];

/** The table lists every resource but the core three (described in "How a sync works"). */
const OPTIONAL = RESOURCES.filter((r) => !r.core);

describe('README "Resources" table', () => {
  it('has one row per registered resource, matching its description and stated cost', () => {
    const table = readmeTable();
    assert.deepEqual(
      [...table.keys()],
      OPTIONAL.map((r) => r.name),
      'one row each, in registry order',
    );
    for (const { name, ...d } of OPTIONAL) {
      const [group, endpoint, tableName, key, changes, deletion, every, requests] = table.get(name)!;
      assert.deepEqual(
        [group, endpoint, tableName, key, changes, deletion, every],
        [d.group ?? '-', d.endpoint, d.table, d.key, d.changes, d.deletion, cadence(d.defaultCadenceSeconds)],
        name,
      );
      for (const size of SIZES)
        assert.equal(
          cost(requests!, size),
          d.requestsPerRun!(size),
          `${name} cost for ${JSON.stringify(size)}`,
        );
    }
  });
});
