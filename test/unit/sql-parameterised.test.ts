import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * SQL stays parameterised: every `${…}` inside an SQL template literal in src/ must be an identifier or
 * fragment builder, never a value. Values go in `$1…$n` parameters. drizzle's `sql` tag is exempt: it
 * binds each interpolated value as a parameter.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SQL =
  /\b(SELECT|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|CREATE|DROP|ALTER|WHERE|VALUES|ON CONFLICT)\b/;

/**
 * Shapes that cannot carry a value: column-list constants, builders called with a literal name or a
 * parameter number, literal choices, and choices between two constants.
 */
const SAFE_SHAPES = [
  /^[A-Z][A-Z0-9_]*$/,
  /^[a-zA-Z]+\('[a-z_.]+'\)$/,
  /^[a-zA-Z]+\(\d+\)$/,
  /^[\w.]+ \? '[^'`$]*' : '[^'`$]*'$/,
  /^[\w.]+ \? [A-Z][A-Z0-9_]* : [A-Z][A-Z0-9_]*$/,
];

/** SQL fragments built from table specs (identifiers and fixed expressions), reviewed one by one. */
const FRAGMENT_BUILDERS: Record<string, readonly string[]> = {
  'src/db/sql/account-leases.ts': ['due'],
  'src/db/sql/claim-due-account.ts': ['alias', 'due'],
  'src/db/sql/count-webhook-first.ts': ['source'],
  'src/db/sql/finish-run.ts': ['due'],
  'src/db/sql/guarded-reservation-upsert.ts': ['source'],
  'src/db/sql/list-accounts.ts': ['table'],
  'src/db/sql/mirror-merge-rules.ts': ['fetched', 'kept', 'stored'],
  'src/db/sql/mirror-upsert.ts': [
    'changed',
    'chunkParam',
    'conflictKey',
    'deletedAt',
    'insertColumns',
    'keepNewer',
    'key',
    'recordType',
    'revivedCase',
    'sameAsStored',
    'scopeMatch',
    'selectValues',
    'setColumns',
    'staleCase',
    'staleRows',
    'table',
    'writeWhen',
  ],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Interpolations in SQL template literals, and SQL built with `+`, that are not known to be safe. */
function unsafeSql(file: string, text: string): string[] {
  const problems: string[] = [];
  const allowed = FRAGMENT_BUILDERS[file] ?? [];
  for (const literal of text.matchAll(/(\bsql(?:<[^>`]*>)?)?`(?:[^`\\]|\\.)*`/gs)) {
    if (literal[1] !== undefined || !SQL.test(literal[0])) continue;
    for (const [, expr] of literal[0].matchAll(/\$\{([^}]*)\}/g)) {
      const trimmed = expr!.trim();
      if (!SAFE_SHAPES.some((shape) => shape.test(trimmed)) && !allowed.includes(trimmed))
        problems.push(`${file}: \${${trimmed}}`);
    }
  }
  for (const concat of text.matchAll(/\.query(?:<[^>]*>)?\(\s*(['"`])[^'"`]*\1\s*\+/g))
    problems.push(`${file}: string concatenation in ${concat[0]}`);
  return problems;
}

describe('SQL is parameterised', () => {
  it('no SQL in src/ interpolates values', () => {
    const problems = sourceFiles(join(ROOT, 'src')).flatMap((path) =>
      unsafeSql(relative(ROOT, path).replaceAll('\\', '/'), readFileSync(path, 'utf8')),
    );
    assert.deepEqual(
      problems,
      [],
      'use $n parameters, or add a reviewed identifier builder to the allowlist',
    );
  });

  it('the scan catches interpolated values and concatenation', () => {
    const bad = [
      'await db.query(`SELECT * FROM hostaway.accounts WHERE account_id = ${accountId}`);',
      "await db.query<Row>(`DELETE FROM hostaway.listings WHERE id IN (${ids.join(',')})`);",
      "await db.query('SELECT * FROM x WHERE name = ' + name);",
      'const sql = `UPDATE hostaway.accounts SET customer_id = ${input.customerId}`;',
    ];
    for (const snippet of bad) assert.equal(unsafeSql('src/db/x.ts', snippet).length, 1, snippet);
    const good = [
      'await db.query(`SELECT ${ACCOUNT_COLUMNS} FROM hostaway.accounts WHERE account_id = $1`, [id]);',
      "await db.query(`SELECT (${live('listings')}) AS listings`);",
      "await db.query(`SELECT 1 FROM t ORDER BY id${options.forUpdate ? ' FOR UPDATE' : ''}`);",
      'await db.query(`SELECT 1 FROM t WHERE id = ${anyIdOf(2)}`, [x, ids]);',
      'await db.query(`SELECT ${text ? CONTENT_BASE64 : CONTENT_BINARY} FROM t`);',
      'const message = `skipped ${count} rows`;',
      'await db.orm.select().from(t).where(sql`${t.status} = ${status} AND ${t.id} = ANY(${ids})`);',
      'const n = sql<number>`count(*) FILTER (WHERE ${t.status} = ${status})`;',
    ];
    for (const snippet of good) assert.deepEqual(unsafeSql('src/db/x.ts', snippet), [], snippet);
  });
});
