/**
 * The simulator in a process of its own (bench/child.ts simulator), so its CPU and memory are not counted as
 * the benchmark's. With a rate-limit window it enforces Hostaway's limits on that window and records, per
 * group of `accountsPerGroup` consecutive accounts (the accounts of one egress pool, so of one source
 * address), the busiest sliding window as it saw it.
 */
import { createInterface } from 'node:readline';
import { createSimulator, type SimulatorOptions, type SimulatorStats } from '../src/simulator/index.js';
import { spawnChild } from './child-process.js';

export interface SimulatorProcessOptions {
  seed?: number;
  accounts?: number;
  listings: number;
  reservations: number;
  /** Conversations per account; default one per reservation. */
  conversations?: number;
  /** Enforce Hostaway's limits with this window (ms) instead of 10 s; off when absent. */
  rateLimitWindowMs?: number;
  /** Requests per window per source address (default 15, Hostaway's); 20 per account. */
  perIp?: number;
  /** Consecutive accounts that share one source address; the busiest window is kept per group (default all). */
  accountsPerGroup?: number;
  /** Sends webhooks like Hostaway (off when absent). */
  webhookDelivery?: SimulatorOptions['webhookDelivery'];
}

export interface SimulatorReport {
  requests: number;
  responses429: number;
  /** Per group of accounts: the most requests the simulator saw in any sliding window (limits on only). */
  busiestWindowPerGroup: number[];
  requestsPerAccount: Record<string, number>;
}

export type SimulatorProcess = Awaited<ReturnType<typeof startSimulatorProcess>>;

/** Starts the simulator's process and waits for its address. */
export async function startSimulatorProcess(options: SimulatorProcessOptions) {
  const child = spawnChild('simulator', options, { ipc: true });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const ask = <T>(message: string) =>
    new Promise<T>((resolve) => {
      child.once('message', (answer) => resolve(answer as T));
      child.send(message);
    });
  return {
    ...(JSON.parse(first) as { baseUrl: string; accounts: { accountId: number; clientSecret: string }[] }),
    report: () => ask<SimulatorReport>('report'),
    /** Zeroes the counters and the busiest windows. */
    reset: async () => void (await ask('reset')),
    stop: () => void child.kill('SIGTERM'),
  };
}

/**
 * The child's side: serves until SIGTERM. Prints {"baseUrl", "accounts"} on the first stdout line; answers
 * IPC messages 'report' (with a SimulatorReport) and 'reset'.
 */
export async function serveSimulator(options: SimulatorProcessOptions): Promise<void> {
  const accounts = options.accounts ?? 1;
  const windowMs = options.rateLimitWindowMs;
  const firstAccountId = 10_001;
  const perGroup = options.accountsPerGroup ?? accounts;
  const groups = Math.ceil(accounts / perGroup);
  // Arrival times of each group's requests within the last window, and the largest count seen.
  let recent: number[][] = Array.from({ length: groups }, () => []);
  let peaks: number[] = Array.from({ length: groups }, () => 0);
  const record = (line: string, window: number) => {
    const account = /account=(\d+)/.exec(line);
    if (!account) return;
    const group = Math.floor((Number(account[1]) - firstAccountId) / perGroup);
    const log = recent[group];
    if (!log) return;
    const now = performance.now();
    log.push(now);
    while (log.length > 0 && log[0]! <= now - window) log.shift();
    peaks[group] = Math.max(peaks[group]!, log.length);
  };
  const simulator = createSimulator({
    seed: options.seed ?? 1,
    accounts,
    listings: options.listings,
    reservations: options.reservations,
    ...(options.conversations === undefined ? {} : { conversations: options.conversations }),
    // A window length turns the documented limits on, scaled to that window.
    rateLimit: windowMs
      ? { enabled: true, perIp: options.perIp ?? 15, perAccount: 20, windowMs }
      : { enabled: false },
    ...(windowMs ? { logRequests: (line: string) => record(line, windowMs) } : {}),
    ...(options.webhookDelivery ? { webhookDelivery: options.webhookDelivery } : {}),
  });
  const { baseUrl } = await simulator.listen(0, '127.0.0.1');
  process.stdout.write(`${JSON.stringify({ baseUrl, accounts: simulator.accounts })}\n`);
  process.on('message', (message) => {
    if (message === 'reset') {
      simulator.resetStats();
      recent = recent.map(() => []);
      peaks = peaks.map(() => 0);
      process.send!({ reset: true });
    } else if (message === 'report') {
      const report: SimulatorReport = {
        requests: simulator.stats.requests,
        responses429: simulator.stats.rateLimited,
        busiestWindowPerGroup: [...peaks],
        requestsPerAccount: { ...simulator.stats.byAccount },
      };
      process.send!(report);
    }
  });
  process.on('SIGTERM', () => void simulator.close().then(() => process.exit(0)));
}

const controlUrl = (baseUrl: string, path: string) => baseUrl.replace(/\/v1$/, `/_sim${path}`);

/** POSTs to the simulator's control API (`/_sim…`): stats resets, upstream changes; returns its answer. */
export async function postControl(
  baseUrl: string,
  path: string,
  body: unknown = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(controlUrl(baseUrl, path), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

export const readStats = async (baseUrl: string) =>
  (await (await fetch(controlUrl(baseUrl, '/stats'))).json()) as SimulatorStats;
