import type * as Inquirer from '@inquirer/prompts';
import { InterruptedError } from '../errors.js';

/** The terminal, as the commands see it. Tests pass their own streams and scripted prompt answers. */
export interface Prompts {
  input(options: {
    message: string;
    default?: string;
    validate?: (value: string) => true | string;
  }): Promise<string>;
  password(options: { message: string; validate?: (value: string) => true | string }): Promise<string>;
  confirm(options: { message: string; default?: boolean }): Promise<boolean>;
  select<T>(options: { message: string; choices: { name: string; value: T }[] }): Promise<T>;
}

export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** True when a person can answer prompts (stdin and stderr are terminals). */
  interactive: boolean;
  readStdin(): Promise<string>;
  prompts: Prompts;
  env: Readonly<Record<string, string | undefined>>;
}

export function createProcessIo(): Io {
  // Prompts draw on stderr so stdout stays clean for --json and pipes.
  const context = { output: process.stderr };
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    readStdin,
    env: process.env,
    prompts: {
      input: (options) => interruptible((inquirer) => inquirer.input(options, context)),
      password: (options) =>
        interruptible((inquirer) => inquirer.password({ ...options, mask: '*' }, context)),
      confirm: (options) => interruptible((inquirer) => inquirer.confirm(options, context)),
      select: (options) => interruptible((inquirer) => inquirer.select(options, context)),
    },
  };
}

/**
 * Asks through @inquirer/prompts, loaded on the first question (most runs ask none). Ctrl-C at a prompt is
 * the person leaving, not a bug: it ends the command like SIGINT (exit 130).
 */
async function interruptible<T>(ask: (inquirer: typeof Inquirer) => Promise<T>): Promise<T> {
  try {
    return await ask(await import('@inquirer/prompts'));
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new InterruptedError('SIGINT');
    throw error;
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
