import type { ProfileSummary } from './cpu-profile.js';
import { runChild } from './run-child.js';
import type { TimeSplit } from './time-split.js';

export interface FullSyncCase {
  listings: number;
  reservations: number;
  /** Conversations (threads); default one per reservation. */
  conversations?: number;
  database: 'server' | 'pglite';
  /** Time API waits, JSON parsing and database calls (bench-side wrappers). */
  split?: boolean;
  /** Sample a CPU profile of the sync (V8's profiler, as `node --cpu-prof`; not with `split`). */
  profile?: boolean;
}

export interface FullSyncFigures {
  database: string;
  seconds: number;
  /** CPU time of the sync's process during the sync (user + system). */
  cpuSeconds: number;
  apiRequests: number;
  rows: number;
  /** Peak resident set size of the whole process (maxRSS). */
  peakRssMiB: number;
  /** Peak RSS before the sync started (runtime, modules, database driver). */
  rssBeforeSyncMiB: number;
  split?: TimeSplit;
  profile?: ProfileSummary;
}

/** Runs bench/full-sync-child.ts in a fresh process and returns its figures. */
export function runFullSyncCase(spec: FullSyncCase): Promise<FullSyncFigures> {
  return runChild<FullSyncFigures>('./full-sync-child.ts', [JSON.stringify(spec)]);
}
