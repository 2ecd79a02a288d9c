import { ExitCode } from '../errors.js';
import type { RunResult } from '../sync/types.js';

/**
 * One exit code for a multi-account run: 0 all fine; 130/143 interrupted; when nothing succeeded, the
 * shared cause (77 credentials, 69 unreachable, 75 rate limited or locked) if all agree; otherwise 3.
 */
export function syncExitCode(
  results: readonly RunResult[],
  signal: 'SIGINT' | 'SIGTERM' | undefined,
): number {
  if (signal) return signal === 'SIGINT' ? ExitCode.sigint : ExitCode.sigterm;
  if (results.every((r) => r.status === 'succeeded')) return ExitCode.ok;
  const anySucceeded = results.some((r) => r.status === 'succeeded' || r.status === 'partial');
  if (anySucceeded) return ExitCode.partial;
  const codes = new Set(results.map((r) => r.error?.exitCode ?? ExitCode.partial));
  return codes.size === 1 ? [...codes][0]! : ExitCode.partial;
}
