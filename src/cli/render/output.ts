import type { Runtime } from '../runtime.js';
import { type Cell, formatTable } from './table.js';

/**
 * `--json`: exactly one JSON document on stdout; indented for a person at a terminal, else on one line so a
 * file or pipe holds one object per line (like the JSON log lines beside it).
 */
export function writeJson(runtime: Runtime, value: unknown): void {
  const { stdout } = runtime.io;
  stdout.write(`${stdout.isTTY ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`);
}

/**
 * A list command's output: the items as JSON with `--json`; else a table on stdout, or the `empty` line on
 * stderr when there are none.
 */
export function writeList<T>(
  runtime: Runtime,
  items: readonly T[],
  list: { json: boolean | undefined; empty: string; headers: string[]; row: (item: T) => Cell[] },
): void {
  if (list.json) writeJson(runtime, items);
  else if (items.length === 0) runtime.io.stderr.write(`${list.empty}\n`);
  else runtime.io.stdout.write(formatTable(list.headers, items.map(list.row)));
}
