/**
 * The full-sync figures measured in child processes (bench/full-sync.ts): peak RSS at two sizes, the time
 * split, a CPU profile, and the same sync on the embedded database and on the server.
 */
import { runFullSyncCase, type FullSyncFigures } from './full-sync.js';
import { round } from './harness.js';

export interface SyncCostSize {
  listings: number;
  reservations: number;
  /** Reservations of the smaller and of the larger account of the memory case. */
  memoryReservations: [number, number];
  /** Threads of both accounts of the memory case. */
  memoryConversations: number;
}

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
}

export async function benchSyncCosts(size: SyncCostSize): Promise<SyncCostFigures> {
  const account = { listings: size.listings, reservations: size.reservations };
  const conversations = size.memoryConversations;
  const memory: MemoryCase[] = [];
  for (const reservations of size.memoryReservations) {
    const f = await runFullSyncCase({ ...account, reservations, conversations, database: 'server' });
    memory.push({
      reservations,
      conversations,
      peakRssMiB: f.peakRssMiB,
      rssBeforeSyncMiB: f.rssBeforeSyncMiB,
      database: f.database,
    });
  }
  const split = await runFullSyncCase({ ...account, database: 'server', split: true });
  const profile = await runFullSyncCase({ ...account, database: 'server', profile: true });
  const pglite = await runFullSyncCase({ ...account, database: 'pglite' });
  const hasServer = Boolean(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL);
  const server = hasServer ? await runFullSyncCase({ ...account, database: 'server' }) : null;
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
  };
}
