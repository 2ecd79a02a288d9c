/**
 * One full sync in a process of its own (bench/child.ts full-sync), so its peak RSS and CPU profile are its
 * own: starts the simulator (in yet another process), a fresh database, syncs one account with the limits
 * off, and returns the figures.
 */
import { Session } from 'node:inspector/promises';
import { runInChild } from './child-process.js';
import { summariseProfile } from './cpu-profile.js';
import { createBenchEngine, insertCoreAccount, peakRssMiB, round, withBenchAccount } from './harness.js';
import { createSplitRecorder } from './time-split.js';

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

export type FullSyncFigures = Awaited<ReturnType<typeof measureFullSync>>;

/** Runs the case in a fresh process and returns its figures. */
export const runFullSyncCase = (spec: FullSyncCase) => runInChild('full-sync', spec);

/** The child's side: the sync itself, measured in this process. */
export async function measureFullSync(spec: FullSyncCase) {
  return withBenchAccount(spec, spec.database, async (simulator, bench) => {
    const recorder = spec.split ? createSplitRecorder() : undefined;
    const account = simulator.accounts[0]!;
    await insertCoreAccount(bench.db, account);
    const db = recorder ? recorder.wrapDatabase(bench.db) : bench.db;
    const { client, engine } = createBenchEngine(
      db,
      simulator.baseUrl,
      recorder ? { wrapClient: (c) => recorder.wrapClient(c) } : {},
    );
    const rssBefore = peakRssMiB();
    const cpuBefore = process.cpuUsage();
    // The V8 sampling profiler that `node --cpu-prof` uses, started and stopped around the sync only.
    const inspector = spec.profile ? new Session() : undefined;
    inspector?.connect();
    await inspector?.post('Profiler.enable');
    await inspector?.post('Profiler.start');
    const started = performance.now();
    const result = await engine.run(account.accountId, 'full');
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const profile = inspector ? (await inspector.post('Profiler.stop')).profile : undefined;
    inspector?.disconnect();
    recorder?.stop();
    client.close();
    if (result.status !== 'succeeded')
      throw new Error(`full sync ${result.status}: ${result.error?.message}`);
    return {
      database: bench.kind,
      seconds: round(seconds, 2),
      cpuSeconds: round((cpu.user + cpu.system) / 1e6, 2), // this process's, during the sync
      apiRequests: result.apiRequests,
      rows: Object.values(result.resources).reduce((sum, r) => sum + r.inserted + r.updated, 0),
      peakRssMiB: peakRssMiB(), // maxRSS of the whole process
      rssBeforeSyncMiB: rssBefore, // runtime, modules, database driver
      split: recorder?.split(),
      profile: profile ? summariseProfile(profile) : undefined,
    };
  });
}
