import type { Runtime } from '../runtime.js';

/**
 * `--json`: exactly one JSON document on stdout; indented for a person at a terminal, else on one line so a
 * file or pipe holds one object per line (like the JSON log lines beside it).
 */
export function writeJson(runtime: Runtime, value: unknown): void {
  const { stdout } = runtime.io;
  stdout.write(`${stdout.isTTY ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`);
}
