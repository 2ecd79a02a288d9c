import assert from 'node:assert/strict';
import { CommanderError, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { buildProgram } from '../../src/cli/program.js';

/** A command's path as one camelCase name: `accounts rotate-key` → `accountsRotateKey`. */
function nameOf(command: CommandUnknownOpts): string {
  const path: string[] = [];
  for (let c: CommandUnknownOpts | null = command; c?.parent; c = c.parent) path.unshift(c.name());
  return path.join('-').replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Runs argv through the real commander program without running the command and returns the one call as
 * [command name, ...arguments], or ['help', text] for --help.
 */
export async function dispatch(argv: string[]): Promise<unknown[]> {
  const calls: unknown[][] = [];
  const program = buildProgram(async (command, args) => void calls.push([nameOf(command), ...args]));
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
