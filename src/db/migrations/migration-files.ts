import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HostawaySyncError } from '../../errors.js';

/** One migration of the build, as listed in drizzle's journal. */
export interface MigrationFile {
  tag: string;
  /** The journal's `when` (ms since epoch). */
  when: number;
  /** sha256 of the .sql file. */
  hash: string;
  statements: string[];
}

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

const JOURNAL_PATH = join('meta', '_journal.json');
const BREAKPOINT = '--> statement-breakpoint';

/**
 * The `drizzle/` folder shipped with this package: walks up from this file's directory until one contains
 * `drizzle/meta/_journal.json`. Works from `src/db/` (tsx) and from the bundled `dist/*.js` alike.
 */
export function findMigrationsFolder(fromUrl: string = import.meta.url): string {
  const start = dirname(fileURLToPath(fromUrl));
  const { root } = parse(start);
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, JOURNAL_PATH))) return candidate;
    if (dir === root) break;
  }
  throw new HostawaySyncError(`migrations not found: no drizzle/${JOURNAL_PATH} above ${start}`, {
    hint: 'the package is incomplete; reinstall hostaway-sync',
  });
}

function parseJournal(text: string, path: string): JournalEntry[] {
  let journal: unknown;
  try {
    journal = JSON.parse(text);
  } catch (error) {
    throw new HostawaySyncError(`migration journal ${path} is not valid JSON`, { cause: error });
  }
  const entries = (journal as { entries?: unknown } | null)?.entries;
  const valid =
    Array.isArray(entries) &&
    entries.every(
      (e: Partial<JournalEntry> | null) =>
        typeof e?.tag === 'string' && typeof e.when === 'number' && typeof e.idx === 'number',
    );
  if (!valid) throw new HostawaySyncError(`migration journal ${path} has no valid "entries" list`);
  return (entries as JournalEntry[]).toSorted((a, b) => a.idx - b.idx);
}

/** Splits a drizzle-kit migration into its statements. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(BREAKPOINT)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The build's migrations, in journal order, with their statements and hashes. */
export async function readMigrationFiles(folder: string): Promise<MigrationFile[]> {
  const journalPath = join(folder, JOURNAL_PATH);
  const entries = parseJournal(await readFile(journalPath, 'utf8'), journalPath);
  return Promise.all(
    entries.map(async (entry) => {
      const sql = await readFile(join(folder, `${entry.tag}.sql`), 'utf8');
      return {
        tag: entry.tag,
        when: entry.when,
        hash: createHash('sha256').update(sql).digest('hex'),
        statements: splitStatements(sql),
      };
    }),
  );
}
