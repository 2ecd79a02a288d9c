import { ExitCode } from '../errors.js';
import type { RunResult } from '../sync/types.js';

/**
 * One exit code for a multi-account run: 0 all fine; 130/143 interrupted; when nothing succeeded, the
 * shared cause (77 credentials, 69 unreachable, 75 rate limited) if all agree; otherwise 3.
 *
 * An account skipped because another process holds its lock is not a failure: in a fleet, overlapping runs
 * are normal and the other process is syncing it right now. Such skips are left out (they are still listed
 * in the summary); a run that only skipped exits 0. Accounts named with `--account` are different: the
 * operator wanted exactly those synced now, so their skips keep exit 75 (`lockSkipsFail`).
 */
export function syncExitCode(
  allResults: readonly RunResult[],
  signal: 'SIGINT' | 'SIGTERM' | undefined,
  options: { lockSkipsFail?: boolean } = {},
): number {
  if (signal) return signal === 'SIGINT' ? ExitCode.sigint : ExitCode.sigterm;
  const lockSkip = (r: RunResult) => r.status === 'skipped' && r.error?.code === 'LOCK_HELD';
  const results = options.lockSkipsFail ? allResults : allResults.filter((r) => !lockSkip(r));
  if (results.every((r) => r.status === 'succeeded')) return ExitCode.ok;
  const anySucceeded = results.some((r) => r.status === 'succeeded' || r.status === 'partial');
  if (anySucceeded) return ExitCode.partial;
  const codes = new Set(results.map((r) => r.error?.exitCode ?? ExitCode.partial));
  return codes.size === 1 ? [...codes][0]! : ExitCode.partial;
}
