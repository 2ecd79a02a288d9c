/**
 * The full-sync figures measured in child processes (bench/full-sync-case.ts): peak RSS at two sizes, the
 * time split, a CPU profile, the same sync on the embedded database and on the server, and what the
 * nightly `sync reconcile` costs next to `sync full` (bench/reconcile-cost.ts).
 */
import { runFullSyncCase, type FullSyncFigures } from './full-sync-case.js';
import { round } from './harness.js';
import { runReconcileCost, type ReconcileCostFigures } from './reconcile-cost.js';

export interface MemoryCase {
  reservations: number;
  conversations: number;
  peakRssMiB: number;
  rssBeforeSyncMiB: number;
  database: string;
}

export interface SyncCostFigures {
  memory: {
    small: MemoryCase;
    large: MemoryCase;
    /** large ÷ small peak RSS (target ≤ 1.2). */
    ratio: number;
  };
  split: FullSyncFigures;
  profile: FullSyncFigures;
  embeddedVsServer: { pglite: FullSyncFigures; server: FullSyncFigures | null; ratio: number | null };
  reconcile: ReconcileCostFigures;
}

export async function benchSyncCosts(options: { smoke: boolean }): Promise<SyncCostFigures> {
  const size = options.smoke ? { listings: 5, reservations: 200 } : { listings: 100, reservations: 5000 };
  const memorySizes = options.smoke ? [300, 3000] : [5000, 50000];
  const conversations = options.smoke ? 30 : 500;
  const memory: MemoryCase[] = [];
  for (const reservations of memorySizes) {
    const f = await runFullSyncCase({
      listings: size.listings,
      reservations,
      conversations,
      database: 'server',
    });
    memory.push({
      reservations,
      conversations,
      peakRssMiB: f.peakRssMiB,
      rssBeforeSyncMiB: f.rssBeforeSyncMiB,
      database: f.database,
    });
  }
  const split = await runFullSyncCase({ ...size, database: 'server', split: true });
  const profile = await runFullSyncCase({ ...size, database: 'server', profile: true });
  const pglite = await runFullSyncCase({ ...size, database: 'pglite' });
  const hasServer = Boolean(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL);
  const server = hasServer ? await runFullSyncCase({ ...size, database: 'server' }) : null;
  const reconcile = await runReconcileCost({ ...size, database: hasServer ? 'server' : 'pglite' });
  const [m0, m1] = memory as [MemoryCase, MemoryCase];
  return {
    memory: {
      small: m0,
      large: m1,
      ratio: round(m1.peakRssMiB / m0.peakRssMiB, 3),
    },
    split,
    profile,
    embeddedVsServer: { pglite, server, ratio: server ? round(pglite.seconds / server.seconds, 2) : null },
    reconcile,
  };
}
