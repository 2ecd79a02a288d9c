/**
 * The counts of one account synced by the built CLI (limits off, core resources only, a server database):
 * a full sync, then with nothing changed a full re-sync, a reconcile and an incremental run. Budgets:
 * bench/budgets.ts.
 */
import type { Reading } from './budgets.js';
import { createCliAccount, type RunFigures } from './cli-account.js';
import { startSimulatorProcess } from './simulator-process.js';

type FixedFigures = Awaited<ReturnType<typeof benchFixedFigures>>;

export async function benchFixedFigures(options: {
  serverUrl: string;
  listings: number;
  reservations: number;
}) {
  const simulator = await startSimulatorProcess(options);
  try {
    const account = await createCliAccount(options.serverUrl, simulator);
    try {
      const id = String(account.accountId);
      const full = await account.measure(['sync', 'full', '--account', id]);
      const resync = await account.measure(['sync', 'full', '--account', id], { wal: true });
      const reconcile = await account.measure(['sync', 'reconcile', '--account', id], { wal: true });
      const idleIncremental = await account.measure(['sync', 'incremental', '--account', id], { wal: true });
      return {
        size: `${options.listings} / ${options.reservations} / ${options.reservations}`,
        full,
        resync,
        reconcile,
        idleIncremental,
      };
    } finally {
      await account.drop();
    }
  } finally {
    simulator.stop();
  }
}

const FIGURES: [keyof RunFigures, Reading['figure']][] = [
  ['apiRequests', 'API requests'],
  ['transactions', 'transactions'],
  ['transactionsPerRequest', 'transactions per API request'],
  ['walBytes', 'WAL bytes'],
  ['mirrorRowsWritten', 'mirror rows written'],
];

/** One reading per figure of a run (WAL only where it was read). */
export function runReadings(name: string, run: RunFigures): Reading[] {
  return FIGURES.filter(([key]) => run[key] !== null).map(([key, figure]) => ({
    case: name,
    figure,
    value: run[key] as number,
  }));
}

export const fixedReadings = (f: FixedFigures): Reading[] => [
  ...runReadings('full sync', f.full),
  ...runReadings('unchanged full re-sync', f.resync),
  ...runReadings('unchanged reconcile', f.reconcile),
  ...runReadings('idle incremental', f.idleIncremental),
];
