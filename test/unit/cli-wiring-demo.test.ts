import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommanderError } from 'commander';
import { buildProgram, type Handlers } from '../../src/cli/program.js';

/** argv → handler arguments for the first-run commands (demo, sql); see cli-wiring.test.ts for the rest. */
async function dispatch(argv: string[]): Promise<unknown[]> {
  const calls: unknown[][] = [];
  const handlers = new Proxy({} as Handlers, {
    get:
      (_target, name: string) =>
      async (...args: unknown[]) => {
        calls.push([name, ...args.slice(0, -1)]);
        return 0;
      },
  });
  const program = buildProgram(handlers, () => undefined);
  let help = '';
  program.configureOutput({ writeErr: () => undefined, writeOut: (text) => (help += text) });
  for (const command of program.commands) command.configureOutput(program.configureOutput());
  try {
    await program.parseAsync(['node', 'hostaway-sync', ...argv]);
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return ['help', help];
    throw error;
  }
  return calls[0]!;
}

describe('CLI wiring: demo and sql', () => {
  const table: [string[], unknown[]][] = [
    [['demo'], ['demo', { reservations: 800, listings: 20 }]],
    [
      ['demo', '--reservations', '50', '--listings', '3', '--keep-simulator', '--json'],
      ['demo', { reservations: 50, listings: 3, keepSimulator: true, json: true }],
    ],
    [
      ['sql', 'select 1'],
      ['sql', 'select 1', {}],
    ],
    [
      ['sql', 'select 1', '--json'],
      ['sql', 'select 1', { json: true }],
    ],
  ];
  for (const [argv, expected] of table) {
    it(argv.join(' '), async () => assert.deepEqual(await dispatch(argv), expected));
  }

  for (const argv of [['demo', '--reservations', '0'], ['demo', '--reservations', 'many'], ['sql']]) {
    it(`rejects "${argv.join(' ')}"`, async () => {
      await assert.rejects(dispatch(argv), (error: unknown) => error instanceof CommanderError);
    });
  }

  for (const command of ['demo', 'sql']) {
    it(`${command} --help shows examples`, async () => {
      const [kind, help] = await dispatch([command, '--help']);
      assert.equal(kind, 'help');
      assert.match(String(help), new RegExp(`Examples?:\\n  hostaway-sync ${command}`));
    });
  }
});
