import type { SyncState } from '../../db/schema/index.js';
import type { SyncMode, SyncSettings } from '../types.js';
import type { OptionalResourceSync } from './optional-resource.js';

/** Seconds between two passes of the resource: configured, else its own default. */
export function cadenceSeconds(resource: OptionalResourceSync, settings: SyncSettings): number {
  return settings.resourceCadences?.[resource.name] ?? resource.describe.defaultCadenceSeconds;
}

/** The latest successful pass of any mode (null: never). */
export function lastSuccessAt(state: SyncState | undefined): Date | null {
  const times = [state?.lastFullSuccessAt, state?.lastIncrementalSuccessAt, state?.lastReconcileSuccessAt]
    .filter((time): time is Date => time instanceof Date)
    .map((time) => time.getTime());
  return times.length === 0 ? null : new Date(Math.max(...times));
}

/** When the next incremental run takes the resource (null: the next one, it never succeeded). */
export function nextDueAt(lastSuccess: Date | null, cadence: number): Date | null {
  return lastSuccess === null ? null : new Date(lastSuccess.getTime() + cadence * 1000);
}

/**
 * Full and reconcile runs take every enabled resource; an incremental run those whose cadence has passed
 * since their last success, measured on the database clock (`now` is the run's start as the database
 * wrote it), so a resource is at most one incremental interval late.
 */
export function isDue(mode: SyncMode, lastSuccess: Date | null, cadence: number, now: Date): boolean {
  if (mode !== 'incremental' || lastSuccess === null) return true;
  return now.getTime() - lastSuccess.getTime() >= cadence * 1000;
}
