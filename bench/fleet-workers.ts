import { startCli } from './cli-process.js';

export interface CronJobOptions {
  env: Record<string, string>;
  /** The schedule's period: a run starts on each tick unless the previous one still runs (Forbid). */
  tickMs: number;
  maxDurationSeconds: number;
  concurrency: number;
  /** No run starts after this moment (performance.now() clock), or after the moment it returns when asked. */
  until: number | (() => number);
}

export type CronJobFigures = Awaited<ReturnType<typeof runCronJob>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * One pool's CronJob as Kubernetes would run it with concurrencyPolicy Forbid: on every tick, if no run of
 * this job is going, start `sync incremental --due --max-duration …`, which claims the pool's most overdue
 * accounts until none is due or its time is up.
 */
export async function runCronJob(options: CronJobOptions) {
  // skipped: account runs skipped because another process held the account.
  const figures = {
    processes: 0,
    failedProcesses: 0,
    accountRuns: 0,
    skipped: 0,
    lastError: undefined as string | undefined,
  };
  const startedAt = performance.now();
  const until = () => (typeof options.until === 'number' ? options.until : options.until());
  const args = [
    'sync',
    'incremental',
    '--due',
    '--wait',
    '--max-duration',
    `${options.maxDurationSeconds}s`,
    '--concurrency',
    String(options.concurrency),
    '--json',
  ];
  while (performance.now() < until()) {
    const run = await startCli(args, options.env).done;
    figures.processes += 1;
    // --json prints one summary listing every account run of the process.
    const summary = parseSummary(run.stdout);
    figures.accountRuns += summary.filter((r) => r.status !== 'skipped').length;
    figures.skipped += summary.filter((r) => r.status === 'skipped').length;
    if (run.code !== 0) {
      figures.failedProcesses += 1;
      figures.lastError = run.stderr.slice(-500);
    }
    const elapsed = performance.now() - startedAt;
    await sleep(
      Math.min(until(), startedAt + Math.ceil(elapsed / options.tickMs) * options.tickMs) - performance.now(),
    );
  }
  return figures;
}

function parseSummary(stdout: string): { status: string }[] {
  try {
    return (JSON.parse(stdout) as { accounts: { status: string }[] }).accounts;
  } catch {
    return [];
  }
}
