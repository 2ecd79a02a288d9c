import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const drizzleDir = fileURLToPath(new URL('../../drizzle/', import.meta.url));

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

function readJournal(): JournalEntry[] {
  const journal = JSON.parse(readFileSync(join(drizzleDir, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return journal.entries;
}

test('migration journal timestamps strictly increase (drizzle silently skips an older one)', () => {
  const entries = readJournal();
  assert.ok(entries.length > 0, 'the journal lists migrations');
  for (let i = 1; i < entries.length; i += 1) {
    const previous = entries[i - 1]!;
    const current = entries[i]!;
    assert.ok(
      current.when > previous.when,
      `${current.tag} (when ${current.when}) must be later than ${previous.tag} (when ${previous.when})`,
    );
  }
});

test('migration journal indexes are sequential and every tag has its .sql file', () => {
  const entries = readJournal();
  entries.forEach((entry, i) => {
    assert.equal(entry.idx, i);
    assert.match(entry.tag, /^\d{4}_[a-z0-9_]+$/);
    assert.ok(existsSync(join(drizzleDir, `${entry.tag}.sql`)), `${entry.tag}.sql exists`);
  });
});
