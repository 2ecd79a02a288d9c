import { config as loadDotenv } from 'dotenv';
import { createHandlers } from './handlers.js';
import { createProcessIo } from './io.js';
import { buildProgram } from './program.js';
import { renderError } from './render-error.js';

/** The process entry point: the only place that loads .env and sets the exit code. */
async function main(argv: readonly string[]): Promise<void> {
  loadDotenv({ quiet: true });
  // A reader that stops early (`hostaway-sync sql "…" | head`) is not an error: end quietly, like other tools.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  const io = createProcessIo();
  const program = buildProgram(createHandlers(io), (code) => {
    process.exitCode = code;
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const verbose = argv.includes('--verbose') || argv.includes('-v') || process.env.LOG_LEVEL === 'debug';
    const rendered = renderError(error, verbose);
    for (const line of rendered.lines) process.stderr.write(`${line}\n`);
    process.exitCode = rendered.exitCode;
  }
}

await main(process.argv);
