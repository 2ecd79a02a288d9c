/**
 * A simulator enforcing the per-IP limit (perIp per windowMs, per account 20) for the process benchmarks,
 * in its own process. It also records, per group of `accountsPerGroup` consecutive accounts (the accounts
 * of one egress pool, so of one source address), the busiest sliding window as the simulator saw it.
 * Argument: a JSON object (LimitedSimulatorOptions). Prints {"baseUrl", "accounts"} on the first stdout
 * line; answers IPC messages 'report' (with LimitedSimulatorReport) and 'reset'.
 */
import { createSimulator } from '../src/simulator/index.js';
import type { LimitedSimulatorOptions, LimitedSimulatorReport } from './limited-simulator.js';

const options = JSON.parse(process.argv[2]!) as LimitedSimulatorOptions;
const firstAccountId = 10_001;
const groups = Math.ceil(options.accounts / options.accountsPerGroup);
// Arrival times of each group's requests within the last window, and the largest count seen.
const recent: number[][] = Array.from({ length: groups }, () => []);
const peaks: number[] = Array.from({ length: groups }, () => 0);

function record(line: string): void {
  const account = /account=(\d+)/.exec(line);
  if (!account) return;
  const group = Math.floor((Number(account[1]) - firstAccountId) / options.accountsPerGroup);
  const log = recent[group];
  if (!log) return;
  const now = performance.now();
  log.push(now);
  while (log.length > 0 && log[0]! <= now - options.windowMs) log.shift();
  peaks[group] = Math.max(peaks[group]!, log.length);
}

const simulator = createSimulator({
  seed: options.seed,
  accounts: options.accounts,
  listings: options.listings,
  reservations: options.reservations,
  conversations: options.conversations,
  rateLimit: { enabled: true, perIp: options.perIp, perAccount: 20, windowMs: options.windowMs },
  logRequests: record,
});
const { baseUrl } = await simulator.listen(0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ baseUrl, accounts: simulator.accounts })}\n`);
process.on('message', (message) => {
  if (message === 'reset') {
    simulator.resetStats();
    for (let g = 0; g < groups; g += 1) {
      recent[g] = [];
      peaks[g] = 0;
    }
    process.send!({ reset: true });
  } else if (message === 'report') {
    const report: LimitedSimulatorReport = {
      requests: simulator.stats.requests,
      responses429: simulator.stats.rateLimited,
      busiestWindowPerGroup: [...peaks],
      requestsPerAccount: { ...simulator.stats.byAccount },
    };
    process.send!(report);
  }
});
process.on('SIGTERM', () => void simulator.close().then(() => process.exit(0)));
