import { InvalidArgumentError, type Command } from 'commander';

/** Options every command accepts (defined on the root program). */
export interface GlobalOptions {
  verbose?: boolean;
  color?: boolean;
  dataDir?: string;
  logLevel?: string;
  logFormat?: string;
  /** Set from a command's --concurrency (it also sizes the connection pool). */
  syncConcurrency?: number;
}

/** What each command group gets to register itself: the root, global options and the exit-code sink. */
export interface CommandContext {
  program: Command;
  globals: () => GlobalOptions;
  done: (code: Promise<number>) => Promise<void>;
}

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value)) || Number(value) <= 0) {
    throw new InvalidArgumentError('expected a positive integer.');
  }
  return Number(value);
}

export function parsePort(value: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65_535)) throw new InvalidArgumentError('expected a port number 0-65535.');
  return port;
}

export const collectInt = (value: string, previous: number[] = []) => [...previous, parsePositiveInt(value)];
