import { runChild } from './run-child.js';

export interface ReconcileCostCase {
  listings: number;
  reservations: number;
  database: 'server' | 'pglite';
}

/** One run's cost: Hostaway requests, wall time, rows written (inserted + updated + marked deleted). */
export interface RunCost {
  requests: number;
  seconds: number;
  rowsWritten: number;
  /** Requests by endpoint as the simulator counted them. */
  byEndpoint: Record<string, number>;
}

export interface ReconcileCostFigures {
  database: string;
  listings: number;
  reservations: number;
  /** What changed upstream before `changedReconcile` (1 % of each). */
  changed: { reservations: number; threads: number };
  firstFull: RunCost;
  /** A second full sync with nothing changed: what a nightly `sync full` costs. */
  idleFull: RunCost;
  idleReconcile: RunCost;
  changedReconcile: RunCost;
}

/** Runs bench/reconcile-cost-child.ts in a fresh process and returns its figures. */
export function runReconcileCost(spec: ReconcileCostCase): Promise<ReconcileCostFigures> {
  return runChild<ReconcileCostFigures>('./reconcile-cost-child.ts', [JSON.stringify(spec)]);
}
