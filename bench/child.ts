/**
 * The one entry point of the bench's child processes: node --import tsx bench/child.ts <job> '<JSON spec>'.
 * A measuring job prints its figures as one JSON line and exits; `simulator` prints its address and serves
 * until killed. Modules load lazily, so a process holds only its own job's code.
 */
import type { FullSyncCase } from './full-sync.js';
import type { AccountCase } from './harness.js';
import type { SimulatorProcessOptions } from './simulator-process.js';

const jobs = {
  simulator: async (spec: SimulatorProcessOptions) =>
    (await import('./simulator-process.js')).serveSimulator(spec),
  'full-sync': async (spec: FullSyncCase) => (await import('./full-sync.js')).measureFullSync(spec),
  'reconcile-cost': async (spec: AccountCase) =>
    (await import('./reconcile-cost.js')).measureReconcileCost(spec),
  'resource-costs': async (spec: AccountCase) =>
    (await import('./resource-costs.js')).measureResourceCosts(spec),
  'db-writes': async (spec: { rows: number }) => (await import('./db-writes.js')).benchDbWrites(spec),
};
export type ChildJobs = typeof jobs;

const [job = '', spec = '{}'] = process.argv.slice(2);
if (!Object.hasOwn(jobs, job)) throw new Error(`bench/child.ts: unknown job "${job}"`);
const figures: unknown = await jobs[job as keyof ChildJobs](JSON.parse(spec) as never);
if (job !== 'simulator') process.stdout.write(`${JSON.stringify(figures)}\n`);
