/**
 * The full-sync figures measured in child processes (bench/full-sync.ts): peak RSS at two sizes, the time
 * split, a CPU profile, and the same sync on the embedded database and on the server.
 */
import { runFullSyncCase } from './full-sync.js';
import { round } from './harness.js';

export interface SyncCostSize {
  listings: number;
  reservations: number;
  /** Reservations of the smaller and of the larger account of the memory case. */
  memoryReservations: [number, number];
  /** Threads of both accounts of the memory case. */
  memoryConversations: number;
}

export type SyncCostFigures = Awaited<ReturnType<typeof benchSyncCosts>>;

export async function benchSyncCosts(size: SyncCostSize) {
  const account = { listings: size.listings, reservations: size.reservations };
  const conversations = size.memoryConversations;
  const memory = [];
  for (const reservations of size.memoryReservations) {
    const f = await runFullSyncCase({ ...account, reservations, conversations, database: 'server' });
    const { peakRssMiB, rssBeforeSyncMiB, database } = f;
    memory.push({ reservations, conversations, peakRssMiB, rssBeforeSyncMiB, database });
  }
  const split = await runFullSyncCase({ ...account, database: 'server', split: true });
  const profile = await runFullSyncCase({ ...account, database: 'server', profile: true });
  const pglite = await runFullSyncCase({ ...account, database: 'pglite' });
  const hasServer = Boolean(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL);
  const server = hasServer ? await runFullSyncCase({ ...account, database: 'server' }) : null;
  const [small, large] = [memory[0]!, memory[1]!];
  return {
    // ratio: large ÷ small peak RSS (target ≤ 1.2).
    memory: { small, large, ratio: round(large.peakRssMiB / small.peakRssMiB, 3) },
    split,
    profile,
    embeddedVsServer: { pglite, server, ratio: server ? round(pglite.seconds / server.seconds, 2) : null },
  };
}
