/**
 * When a resource is due: its cadence (seconds between two passes) against its last success. An account's
 * own schedule under `sync --due` (the account cadence) is src/sync/run-due.ts.
 */
import type { SyncState } from '../db/schema/index.js';
import type { Resource } from './resource.js';
import type { SyncMode, SyncSettings } from './types.js';

/** Seconds between two passes of the resource: configured, else its own default. */
export function cadenceSeconds(resource: Resource, settings: SyncSettings): number {
  return settings.resourceCadences?.[resource.name] ?? resource.defaultCadenceSeconds;
}

/** The latest successful pass of any mode (null: never). */
export function lastSuccessAt(state: SyncState | undefined): Date | null {
  const times = [state?.lastFullSuccessAt, state?.lastIncrementalSuccessAt, state?.lastReconcileSuccessAt]
    .filter((time): time is Date => time instanceof Date)
    .map((time) => time.getTime());
  return times.length === 0 ? null : new Date(Math.max(...times));
}

/** When the next incremental run takes the resource (null: the next one: it never succeeded, or failed). */
export function nextResourceDueAt(state: SyncState | undefined, cadence: number): Date | null {
  const lastSuccess = lastSuccessAt(state);
  if (lastSuccess === null || failedSinceSuccess(state)) return null;
  return new Date(lastSuccess.getTime() + cadence * 1000);
}

/** A pass failed after the last success: the next run tries again rather than waiting a whole cadence. */
export function failedSinceSuccess(state: SyncState | undefined): boolean {
  const success = lastSuccessAt(state);
  return state?.lastErrorAt instanceof Date && (success === null || state.lastErrorAt > success);
}

/**
 * Full and reconcile runs take every enabled resource; an incremental run those whose cadence has passed
 * since their last success, measured on the database clock (`now` is the run's start as the database
 * wrote it), so a resource is at most one incremental interval late; and those whose last pass failed.
 */
export function isResourceDue(
  mode: SyncMode,
  state: SyncState | undefined,
  cadence: number,
  now: Date,
): boolean {
  const lastSuccess = lastSuccessAt(state);
  if (mode !== 'incremental' || lastSuccess === null || failedSinceSuccess(state)) return true;
  return now.getTime() - lastSuccess.getTime() >= cadence * 1000;
}
