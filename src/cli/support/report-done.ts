import type { Runtime } from '../runtime.js';

/**
 * A command's success: a friendly "✔ …" line on a terminal, otherwise a JSON log record (so stderr off a
 * terminal holds log lines only).
 */
export function reportDone(
  runtime: Runtime,
  line: string,
  record: { msg: string } & Record<string, unknown>,
): void {
  if (runtime.human) runtime.io.stderr.write(`${runtime.color.green('✔')} ${line}\n`);
  else {
    const { msg, ...fields } = record;
    runtime.logger.info(fields, msg);
  }
}
