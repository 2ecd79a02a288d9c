// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const TERMINAL = ['commander', '@inquirer/prompts', 'chalk', 'cli-progress', 'dotenv'];
const restrict = (patterns) => ({
  'no-restricted-imports': [
    'error',
    { patterns: patterns.map((group) => ({ group: [group], message: 'layer rule (design.md §1)' })) },
  ],
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'drizzle/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Layer rules: see design.md §1 and test/unit/layers.test.ts.
  { files: ['src/**/*.ts'], ignores: ['src/cli/**'], rules: restrict(['**/cli/**', ...TERMINAL]) },
  { files: ['src/sync/**/*.ts'], rules: restrict(['**/cli/**', 'got', 'pg', ...TERMINAL]) },
  { files: ['src/webhook/**/*.ts'], rules: restrict(['**/cli/**', 'got', ...TERMINAL]) },
  { files: ['src/hostaway/**/*.ts'], rules: restrict(['**/cli/**', '**/db/**', '**/sync/**', ...TERMINAL]) },
  { files: ['src/db/**/*.ts'], rules: restrict(['**/cli/**', '**/hostaway/**', '**/sync/**', ...TERMINAL]) },
  {
    files: ['src/secrets/**/*.ts'],
    rules: restrict(['**/cli/**', '**/hostaway/**', '**/sync/**', '**/webhook/**', 'got', ...TERMINAL]),
  },
  {
    files: ['src/simulator/**/*.ts'],
    rules: restrict([
      '**/cli/**',
      '**/db/**',
      '**/sync/**',
      '**/hostaway/**',
      '**/webhook/**',
      '../*.js',
      ...TERMINAL,
    ]),
  },
  { files: ['test/**/*.ts', 'bench/**/*.ts'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
);
