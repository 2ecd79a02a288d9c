import { CommanderError } from 'commander';
import { ConfigError, ExitCode, HostawaySyncError, InterruptedError } from '../errors.js';
import { VERSION } from '../version.js';

export interface RenderedError {
  exitCode: number;
  lines: string[];
}

/**
 * The single funnel for everything thrown: one line (plus a hint) for known errors, "please report" for
 * bugs. Stacks only with --verbose.
 */
export function renderError(error: unknown, verbose: boolean): RenderedError {
  if (error instanceof CommanderError) {
    // commander already printed its message; help and --version end with 0, usage errors with 2.
    const ok = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code);
    return { exitCode: ok ? ExitCode.ok : ExitCode.usage, lines: [] };
  }
  // Whoever pressed Ctrl-C knows: end quietly with 130/143, as other tools do.
  if (error instanceof InterruptedError) return { exitCode: error.exitCode, lines: [] };
  if (error instanceof HostawaySyncError) {
    const lines = [`error: ${error.message}`];
    if (error instanceof ConfigError && error.problems.length > 1) {
      lines.splice(0, 1, 'error: invalid configuration:', ...error.problems.map((p) => `  - ${p}`));
    }
    if (error.hint) lines.push(`hint: ${error.hint}`);
    if (verbose && error.stack) lines.push(error.stack);
    if (verbose && error.cause) lines.push(`cause: ${String((error.cause as Error)?.stack ?? error.cause)}`);
    return { exitCode: error.exitCode, lines };
  }
  const message = error instanceof Error ? error.message : String(error);
  const lines = [
    `error: internal error: ${message}`,
    `hint: this is a bug in hostaway-sync ${VERSION}; please report it with the command you ran${verbose ? '' : ' and --verbose output'}`,
  ];
  if (verbose && error instanceof Error && error.stack) lines.push(error.stack);
  return { exitCode: ExitCode.internal, lines };
}
