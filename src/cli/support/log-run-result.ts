import type { Logger } from '../../logger.js';
import type { RunResult } from '../../sync/types.js';

/** One log line per finished account run, and an error line with the cause when it could not run or finish. */
export function logRunResult(logger: Logger, result: RunResult): void {
  logger.info(
    {
      accountId: result.accountId,
      status: result.status,
      apiRequests: result.apiRequests,
      durationMs: result.durationMs,
    },
    'account synced',
  );
}

/** The error line of a failed run (e.g. the database went away mid-run). */
export function logRunFailure(logger: Logger, result: RunResult): void {
  if (result.status === 'failed' && result.error)
    logger.error(
      { accountId: result.accountId, exitCode: result.error.exitCode, err: result.error.message },
      'sync failed',
    );
}
