import { DAY_SECONDS } from '../src/durations.js';
import { DEFAULT_RESOURCES } from '../src/sync/resource-sets.js';
import { RESOURCES } from '../src/sync/registry.js';
import { runChild } from './run-child.js';

export interface ResourceCostCase {
  listings: number;
  reservations: number;
  database: 'server' | 'pglite';
}

export type CostedRun = 'full' | 'idleIncremental' | 'dueIncremental' | 'reconcile';

/** One optional resource's requests per run: made (the run's count) and stated (its describe() formula). */
export interface ResourceCost {
  name: string;
  cadenceSeconds: number;
  objects: number;
  made: Record<CostedRun, number>;
  /** Stated cost of the runs whose cost a formula fixes (a reconcile's recent owner statements depend on dates). */
  stated: Pick<Record<CostedRun, number>, 'full' | 'idleIncremental' | 'dueIncremental'>;
}

export interface ResourceCostFigures {
  database: string;
  listings: number;
  reservations: number;
  /** Core requests (token, listings, reservations, conversations, threads) of each run. */
  core: Record<CostedRun, number>;
  resources: ResourceCost[];
  /** Bytes on disk (tables with their indexes and TOAST) after the full sync, by where the rows are. */
  databaseBytes: { core: number; optional: number };
}

/** Runs bench/resource-costs-child.ts in a fresh process and returns its figures. */
export function runResourceCosts(spec: ResourceCostCase): Promise<ResourceCostFigures> {
  return runChild<ResourceCostFigures>('./resource-costs-child.ts', [JSON.stringify(spec)]);
}

/** Hostaway's per-IP limit over a day: 15 requests every 10 s. */
export const IP_REQUESTS_PER_DAY = 15 * (DAY_SECONDS / 10);

/**
 * Requests a resource costs per day at its cadence, with incremental runs every `incrementalSeconds` and one
 * nightly reconcile: the reconcile pass, plus one due incremental pass per cadence for the rest of the day
 * (a cadence shorter than the incremental interval is one pass per run). Finance fields add the
 * reservations that changed, which depend on the account's activity, not on its size.
 */
export function requestsPerDay(cost: ResourceCost, incrementalSeconds: number): number {
  const interval = Math.max(cost.cadenceSeconds, incrementalSeconds);
  const incrementalPasses = Math.max(0, Math.ceil(DAY_SECONDS / interval) - 1);
  return cost.made.reconcile + incrementalPasses * cost.made.dueIncremental;
}

export const isDefaultResource = (name: string) => DEFAULT_RESOURCES.includes(name);
export const resourceNames = () => RESOURCES.filter((r) => !r.core).map((r) => r.name);
