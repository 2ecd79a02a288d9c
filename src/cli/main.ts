import { config as loadDotenv } from 'dotenv';
import { createProcessIo } from './io.js';
import { buildProgram } from './program.js';
import { errorFormatOf, formatErrorReport, renderError } from './render-error.js';
import { createRuntime } from './runtime.js';

/** The process entry point: the only place that loads .env and sets the exit code. */
async function main(argv: readonly string[]): Promise<void> {
  loadDotenv({ quiet: true });
  // A reader that stops early (`hostaway-sync sql "…" | head`) is not an error: end quietly, like other tools.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  const io = createProcessIo();
  const format = errorFormatOf(argv, io.env, Boolean(process.stderr.isTTY));
  // Each command runs with a runtime (database pool, HTTP agents) that is always closed afterwards.
  const program = buildProgram(async (command, _args, run) => {
    const runtime = createRuntime(command.optsWithGlobals(), io);
    try {
      process.exitCode = await run(runtime);
    } finally {
      await runtime.close();
    }
  }, format);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const verbose = argv.includes('--verbose') || argv.includes('-v') || io.env.LOG_LEVEL === 'debug';
    const { exitCode, report } = renderError(error, verbose);
    if (report) process.stderr.write(formatErrorReport(report, exitCode, format));
    process.exitCode = exitCode;
  }
}

await main(process.argv);
