import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface LimitedSimulatorOptions {
  seed: number;
  accounts: number;
  listings: number;
  reservations: number;
  conversations: number;
  /** Requests per window per source address. */
  perIp: number;
  windowMs: number;
  /** Consecutive accounts that share one source address (one pool); the busiest window is kept per group. */
  accountsPerGroup: number;
}

export interface LimitedSimulatorReport {
  requests: number;
  responses429: number;
  /** Per group of accounts: the most requests the simulator saw in any sliding window. */
  busiestWindowPerGroup: number[];
  requestsPerAccount: Record<string, number>;
}

export interface LimitedSimulator {
  baseUrl: string;
  accounts: { accountId: number; clientSecret: string }[];
  report(): Promise<LimitedSimulatorReport>;
  /** Zeroes the counters and the busiest windows. */
  reset(): Promise<void>;
  stop(): void;
}

/** Starts bench/limited-simulator-child.ts and waits for its address. */
export async function startLimitedSimulator(options: LimitedSimulatorOptions): Promise<LimitedSimulator> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('./limited-simulator-child.ts', import.meta.url).pathname,
      JSON.stringify(options),
    ],
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`limited simulator exited with ${code}`)));
  });
  const ask = <T>(message: string) =>
    new Promise<T>((resolve) => {
      child.once('message', (answer) => resolve(answer as T));
      child.send(message);
    });
  return {
    ...(JSON.parse(first) as Pick<LimitedSimulator, 'baseUrl' | 'accounts'>),
    report: () => ask<LimitedSimulatorReport>('report'),
    reset: async () => void (await ask('reset')),
    stop: () => void child.kill('SIGTERM'),
  };
}
