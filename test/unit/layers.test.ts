import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';

/** design.md §1: which layer may import what. Checked on the source text, so it cannot drift. */
const TERMINAL = ['commander', '@inquirer/prompts', 'chalk', 'cli-progress', 'dotenv'];
type Rule = { forbidden: (spec: string, file: string) => boolean; why: string };
const outside = (layer: string) => (spec: string, file: string) =>
  spec.startsWith('.') && !resolve(dirname(file), spec).startsWith(resolve(layer));
const into = (layers: string[]) => (spec: string, file: string) =>
  spec.startsWith('.') &&
  layers.some((layer) => resolve(dirname(file), spec).startsWith(resolve(layer) + sep));
/** The settings leaves: they read no other layer, so every layer may read them. */
const leaf = (why: string): Rule => ({
  forbidden: (s, file) =>
    TERMINAL.includes(s) ||
    into(['src/sync', 'src/db', 'src/hostaway', 'src/webhook', 'src/cli', 'src/simulator'])(s, file),
  why,
});
const RULES: Record<string, Rule> = {
  'src/sync': { forbidden: (s) => ['got', 'pg', ...TERMINAL].includes(s) || /\/cli\//.test(s), why: 'sync' },
  'src/hostaway': {
    forbidden: (s) => TERMINAL.includes(s) || /\.\.\/(db|sync|cli)\//.test(s),
    why: 'hostaway',
  },
  'src/db': { forbidden: (s) => TERMINAL.includes(s) || /\.\.\/(hostaway|sync|cli)\//.test(s), why: 'db' },
  'src/secrets': {
    forbidden: (s) => ['got', ...TERMINAL].includes(s) || /\.\.\/(hostaway|sync|webhook|cli)\//.test(s),
    why: 'secrets (node:crypto, errors and the db repos only)',
  },
  'src/webhook': { forbidden: (s) => ['got', ...TERMINAL].includes(s) || /\/cli\//.test(s), why: 'webhook' },
  'src/observability': {
    forbidden: (s) => ['got', ...TERMINAL].includes(s) || /\.\.\/(hostaway|webhook|worker|cli)\//.test(s),
    why: 'observability (probes and fleet metrics shared by the listeners: db, sync, errors, node:http)',
  },
  'src/worker': {
    forbidden: (s) => ['got', ...TERMINAL].includes(s) || /\.\.\/(hostaway|webhook|cli)\//.test(s),
    why: 'worker (its probe listener and metrics: sync, db, observability)',
  },
  'src/config.ts': leaf('config (the settings table, zod and errors only)'),
  'src/settings': leaf('settings'),
  'src/durations.ts': leaf('durations'),
  'src/rate-lease.ts': leaf('rate lease types'),
  'src/simulator': {
    forbidden: (s, file) =>
      (!s.startsWith('node:') && !s.startsWith('.')) || outside('src/simulator')(s, file),
    why: 'simulator (node: built-ins and its own files only)',
  },
};

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (statSync(dir).isFile()) return [dir];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1]!,
  );
}

const packageName = (spec: string) =>
  spec.startsWith('@')
    ? spec.split('/').slice(0, 2).join('/')
    : spec.startsWith('.')
      ? spec
      : spec.split('/')[0]!;

describe('layer rules', () => {
  for (const [layer, rule] of Object.entries(RULES)) {
    it(`${layer} respects its import rules`, () => {
      const violations = sourceFiles(layer).flatMap((file) =>
        importsOf(file)
          .filter((spec) => rule.forbidden(packageName(spec), file))
          .map((spec) => `${relative('.', file)} imports ${spec}`),
      );
      assert.deepEqual(violations, [], `${rule.why}: ${violations.join(', ')}`);
    });
  }

  it('nothing outside src/cli imports src/cli', () => {
    const offenders = sourceFiles('src')
      .filter((file) => !file.startsWith(join('src', 'cli')))
      .filter((file) => importsOf(file).some((spec) => /(^|\/)cli\//.test(spec)));
    assert.deepEqual(offenders, []);
  });

  it('the library surface never pulls in terminal libraries', () => {
    const reachable = new Set<string>();
    const visit = (file: string) => {
      if (reachable.has(file)) return;
      reachable.add(file);
      for (const spec of importsOf(file)) {
        assert.ok(!TERMINAL.includes(packageName(spec)), `${file} imports ${spec}`);
        if (spec.startsWith('.')) visit(join(file, '..', spec.replace(/\.js$/, '.ts')));
      }
    };
    visit('src/index.ts');
  });

  it('the CLI loads what only some commands need when they need it', () => {
    // Each is imported with import() at its point of use, so `sync` and `status` start without them.
    const lazy = ['@inquirer/prompts', 'cli-progress', 'file-type', 'got', 'prom-client'];
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const spec of valueImportsOf(file)) {
        if (spec.startsWith('.')) visit(join(file, '..', spec.replace(/\.js$/, '.ts')));
        else reached.add(packageName(spec));
      }
    };
    visit(join('src', 'cli', 'main.ts'));
    const eager = [...reached].filter(
      (name) => lazy.includes(name) || name.startsWith(join('src', 'simulator') + sep),
    );
    assert.deepEqual(eager, []);
  });
});

/** The imports a module runs when it is loaded: `import type` is erased, `import()` runs later. */
function valueImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1]!,
  );
}
