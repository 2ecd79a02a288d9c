import assert from 'node:assert/strict';
import { CommanderError } from 'commander';
import { buildProgram, type Handlers } from '../../src/cli/program.js';

/**
 * Runs argv through the real commander program with recording handlers and returns the one call as
 * [handler name, ...arguments] (the trailing global options left out), or ['help', text] for --help.
 */
export async function dispatch(argv: string[]): Promise<unknown[]> {
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
  assert.equal(calls.length, 1, argv.join(' '));
  return calls[0]!;
}
