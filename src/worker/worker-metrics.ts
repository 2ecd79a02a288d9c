import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { defineFleetMetrics, type FleetSources } from '../observability/fleet-metrics.js';
import type { WorkerState } from './worker-state.js';

/**
 * A worker's /metrics: the process series, the fleet gauges the webhook listener exports too (read from the
 * database at scrape time: aggregate them with max() across pods), and this worker's own runs.
 */
export function createWorkerMetrics(
  state: WorkerState,
  sources: FleetSources,
): { render(): Promise<{ contentType: string; body: string }> } {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  defineFleetMetrics(registers, sources);
  new Counter({
    name: 'hostaway_worker_runs_total',
    help: 'Account runs this worker finished, by status (succeeded, partial, failed, skipped, interrupted), as `status` records them',
    labelNames: ['status'],
    registers,
    collect() {
      this.reset();
      for (const [status, count] of Object.entries(state.finished)) this.inc({ status }, count);
    },
  });
  new Gauge({
    name: 'hostaway_worker_runs_in_progress',
    help: 'Account runs this worker has claimed and not finished',
    registers,
    collect() {
      this.set(state.inProgress);
    },
  });
  new Gauge({
    name: 'hostaway_worker_live',
    help: '1 while /healthz answers 200 (every run in progress and the claim loops move on), else 0',
    registers,
    collect() {
      this.set(state.liveness().live ? 1 : 0);
    },
  });
  return {
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
