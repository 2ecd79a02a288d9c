import type { RunResult, RunStatus } from '../sync/types.js';

export interface WorkerLiveness {
  live: boolean;
  /** ok, or stalled (with what has not moved on). */
  status: 'ok' | 'stalled';
  detail?: string;
}

/**
 * What a long-running worker has done and is doing, for its probes and metrics: the account runs in
 * progress (each with the moment it last moved on), the runs finished by status, and the last turn of a
 * claim loop. Live while every run in progress moves on and, when a loop is free, the loops turn.
 */
export interface WorkerState {
  /** A claim loop turned (a claim tried, a wait over). */
  tick(): void;
  runStarted(accountId: number): void;
  /** The account's run moved on (a page, a resource, a rate-budget wait begun or over). */
  progressed(accountId: number): void;
  runFinished(result: RunResult): void;
  liveness(): WorkerLiveness;
  readonly inProgress: number;
  /** Runs finished since the worker started, by status. */
  readonly finished: Readonly<Record<RunStatus, number>>;
}

export function createWorkerState(options: {
  /** Longest time without moving on that still counts as live. */
  stallMs: number;
  /** Claim loops: while fewer runs are in progress, a free loop must keep turning. */
  loops: number;
  now?: () => number;
}): WorkerState {
  const now = options.now ?? Date.now;
  let lastTick = now();
  const running = new Map<number, number>();
  const finished: Record<RunStatus, number> = {
    succeeded: 0,
    partial: 0,
    failed: 0,
    skipped: 0,
    interrupted: 0,
  };
  const seconds = (ms: number) => Math.round(ms / 1000);
  return {
    tick() {
      lastTick = now();
    },
    runStarted(accountId) {
      running.set(accountId, now());
    },
    progressed(accountId) {
      if (running.has(accountId)) running.set(accountId, now());
    },
    runFinished(result) {
      running.delete(result.accountId);
      finished[result.status] += 1;
    },
    liveness() {
      const at = now();
      for (const [accountId, last] of running)
        if (at - last > options.stallMs)
          return {
            live: false,
            status: 'stalled',
            detail: `the run of account ${accountId} has not moved on for ${seconds(at - last)} s`,
          };
      if (running.size < options.loops && at - lastTick > options.stallMs)
        return {
          live: false,
          status: 'stalled',
          detail: `no claim loop has turned for ${seconds(at - lastTick)} s`,
        };
      return { live: true, status: 'ok' };
    },
    get inProgress() {
      return running.size;
    },
    finished,
  };
}
