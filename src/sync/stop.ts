import type { Database } from '../db/database.js';
import { InterruptedError, LeaseLostError, type HostawaySyncError } from '../errors.js';

/** The error a stopped run ends with: a lost account lease its own, a stop signal its name. */
export function stopError(signal: AbortSignal | undefined): HostawaySyncError | undefined {
  if (!signal?.aborted) return undefined;
  const reason: unknown = signal.reason;
  if (reason instanceof LeaseLostError) return reason;
  return new InterruptedError(reason === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
}

/**
 * Runs `fn` so that a stop ends its waits on the database (`db.stoppable`: a statement waiting on a lock
 * held elsewhere is cancelled) and ends it with the stop's error; once stopped, `fn` does not start.
 */
export async function untilStopped<T>(
  db: Database,
  signal: AbortSignal | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  if (signal === undefined) return fn();
  const stopped = stopError(signal);
  if (stopped) throw stopped;
  try {
    return await db.stoppable(signal, fn);
  } catch (error) {
    throw stopError(signal) ?? error;
  }
}
