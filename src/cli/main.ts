import { setFlagsFromString } from 'node:v8';
import { config as loadDotenv } from 'dotenv';
import { createProcessIo } from './io.js';
import { buildProgram } from './program.js';
import { errorFormatOf, formatErrorReport, renderError } from './render-error.js';
import { createRuntime } from './runtime.js';

/**
 * A sync keeps ~25 MiB alive but promotes hundreds of MiB that die soon after; V8's default lets the old
 * generation grow to ~4× the survivors between full collections (peak ~215 MiB RSS at 5,000 reservations and
 * threads). ≤ 2.5× peaks at ~180 MiB, CPU within the noise (BENCHMARKS.md). `node --heap-growing-percent=N` wins.
 */
function limitHeapGrowth(): void {
  if (process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) return;
  setFlagsFromString('--heap-growing-percent=150');
}

/** The process entry point: the only place that loads .env and sets the exit code. */
async function main(argv: readonly string[]): Promise<void> {
  loadDotenv({ quiet: true });
  // A reader that stops early (`hostaway-sync sql "…" | head`) is not an error: end quietly, like other tools.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  const io = createProcessIo();
  limitHeapGrowth();
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
