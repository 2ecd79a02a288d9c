import type { Runtime } from '../runtime.js';

/** `--json`: exactly one JSON document on stdout. */
export function writeJson(runtime: Runtime, value: unknown): void {
  runtime.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
