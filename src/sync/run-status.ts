import { ExitCode, InterruptedError } from '../errors.js';
import type { AccountApi } from '../hostaway/client.js';
import type { ResourcesOutcome } from './run-resources.js';
import type { RunResult, RunStatus, SyncMode } from './types.js';

/** Folds the per-resource outcomes of one account into the run's status and summary. */
export function summariseRun(input: {
  accountId: number;
  mode: SyncMode;
  runId: number;
  startedAt: Date;
  api: AccountApi;
  outcome: ResourcesOutcome;
}): RunResult & { status: Exclude<RunStatus, 'skipped'> } {
  const { outcome, api } = input;
  // A resource the account cannot use is reported (warning, `status`, metrics), never a failure of the run.
  const ran = Object.values(outcome.resources).filter((r) => r.status !== 'unavailable');
  const statuses = ran.map((r) => r.status);
  let status: Exclude<RunStatus, 'skipped'>;
  if (outcome.fatal instanceof InterruptedError) status = 'interrupted';
  else if (statuses.every((s) => s === 'succeeded')) status = 'succeeded';
  else if (outcome.fatal || statuses.every((s) => s === 'failed')) status = 'failed';
  else status = 'partial';
  const firstError = ran.find((r) => r.error)?.error;
  const error = outcome.fatal
    ? { code: outcome.fatal.code, message: outcome.fatal.message, exitCode: outcome.fatal.exitCode }
    : firstError && {
        code: status === 'partial' ? 'PARTIAL' : 'FAILED',
        message: firstError,
        exitCode: ExitCode.partial,
      };
  return {
    accountId: input.accountId,
    mode: input.mode,
    status,
    runId: input.runId,
    startedAt: input.startedAt.toISOString(),
    durationMs: Date.now() - input.startedAt.getTime(),
    apiRequests: api.stats.requests,
    rateLimited: api.stats.rateLimited,
    rateLimitWaitMs: api.stats.rateLimitWaitMs,
    resources: outcome.resources,
    ...(error ? { error } : {}),
  };
}
