import { CommanderError } from 'commander';
import { ConfigError, ExitCode, HostawaySyncError, InterruptedError } from '../errors.js';
import { VERSION } from '../version.js';

/** What the user is told about an error, before it is written as text lines or as one JSON log record. */
export interface ErrorReport {
  message: string;
  hint?: string;
  /** The stable code of a known error (`HostawaySyncError.code`), `USAGE` for commander's, `INTERNAL` for bugs. */
  code: string;
  /** Every problem of a configuration error. */
  problems?: readonly string[];
  /** Stack and cause, with --verbose. */
  details?: string[];
}

export interface RenderedError {
  exitCode: number;
  /** Nothing to say: commander already said it, or the person pressed Ctrl-C. */
  report?: ErrorReport;
}

export type ErrorFormat = 'text' | 'json';

/**
 * The single funnel for everything thrown: one line (plus a hint) for known errors, "please report" for
 * bugs. Stacks only with --verbose.
 */
export function renderError(error: unknown, verbose: boolean): RenderedError {
  if (error instanceof CommanderError) {
    // commander already printed its message; help and --version end with 0, usage errors with 2.
    const ok = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code);
    return { exitCode: ok ? ExitCode.ok : ExitCode.usage };
  }
  // Whoever pressed Ctrl-C knows: end quietly with 130/143, as other tools do.
  if (error instanceof InterruptedError) return { exitCode: error.exitCode };
  if (error instanceof HostawaySyncError) {
    const details: string[] = [];
    if (verbose && error.stack) details.push(error.stack);
    if (verbose && error.cause)
      details.push(`cause: ${String((error.cause as Error)?.stack ?? error.cause)}`);
    const problems = error instanceof ConfigError && error.problems.length > 1 ? error.problems : undefined;
    return {
      exitCode: error.exitCode,
      report: {
        message: error.message,
        code: error.code,
        ...(error.hint ? { hint: error.hint } : {}),
        ...(problems ? { problems } : {}),
        ...(details.length > 0 ? { details } : {}),
      },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = verbose && error instanceof Error && error.stack ? [error.stack] : undefined;
  return {
    exitCode: ExitCode.internal,
    report: {
      message: `internal error: ${message}`,
      code: 'INTERNAL',
      hint: `this is a bug in hostaway-sync ${VERSION}; please report it with the command you ran${verbose ? '' : ' and --verbose output'}`,
      ...(stack ? { details: stack } : {}),
    },
  };
}

/** Text for a person (`error:` and `hint:` lines), or one JSON log record like every other log line. */
export function formatErrorReport(report: ErrorReport, exitCode: number, format: ErrorFormat): string {
  if (format === 'json') {
    const { message, details, ...fields } = report;
    const record = { level: 'error', time: new Date().toISOString(), ...fields, exitCode, msg: message };
    return `${JSON.stringify(details ? { ...record, details } : record)}\n`;
  }
  const lines = report.problems
    ? ['error: invalid configuration:', ...report.problems.map((p) => `  - ${p}`)]
    : [`error: ${report.message}`];
  if (report.hint) lines.push(`hint: ${report.hint}`);
  lines.push(...(report.details ?? []));
  return `${lines.join('\n')}\n`;
}

/**
 * How the final error is written, decided before the arguments are parsed: as the logs are (`--log-format`,
 * then LOG_FORMAT), else text on a terminal and JSON elsewhere.
 */
export function errorFormatOf(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  terminal: boolean,
): ErrorFormat {
  const at = argv.indexOf('--log-format');
  const flag = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--log-format='))?.slice(13);
  const chosen = flag ?? env.LOG_FORMAT;
  if (chosen === 'json') return 'json';
  if (chosen === 'pretty') return 'text';
  return terminal ? 'text' : 'json';
}
