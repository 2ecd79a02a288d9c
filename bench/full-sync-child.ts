/**
 * One full sync in a process of its own, so its peak RSS and CPU profile are its own: starts the simulator
 * (in yet another process), a fresh database, syncs one account with the limits off, and prints one JSON
 * line of figures. Argument: a JSON FullSyncCase. Run by bench/full-sync-case.ts.
 */
import { Session } from 'node:inspector/promises';
import {
  createBenchDatabase,
  createBenchEngine,
  insertCoreAccount,
  peakRssMiB,
  round,
  startSimulatorProcess,
} from './harness.js';
import { summariseProfile } from './cpu-profile.js';
import { createSplitRecorder } from './time-split.js';
import type { FullSyncCase, FullSyncFigures } from './full-sync-case.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as FullSyncCase;
const simulator = await startSimulatorProcess(spec);
const bench = await createBenchDatabase(spec.database);
const recorder = spec.split ? createSplitRecorder() : undefined;
try {
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
  if (result.status !== 'succeeded') throw new Error(`full sync ${result.status}: ${result.error?.message}`);
  const figures: FullSyncFigures = {
    database: bench.kind,
    seconds: round(seconds, 2),
    cpuSeconds: round((cpu.user + cpu.system) / 1e6, 2),
    apiRequests: result.apiRequests,
    rows: Object.values(result.resources).reduce((sum, r) => sum + r.inserted + r.updated, 0),
    peakRssMiB: peakRssMiB(),
    rssBeforeSyncMiB: rssBefore,
    ...(recorder ? { split: recorder.split() } : {}),
    ...(profile ? { profile: summariseProfile(profile) } : {}),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  simulator.stop();
  await bench.drop();
}
