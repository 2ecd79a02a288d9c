import { CONFIG_DEFAULTS } from '../../config.js';
import { DAY_MS, MINUTE_MS } from '../../durations.js';

/** How attachment files are downloaded and kept (HOSTAWAY_ATTACHMENT_* in the README's table). */
export interface AttachmentSettings {
  /** Bytes one file may have; larger ones are refused with the reason recorded. */
  maxBytes: number;
  /** Directory of the file store; unset: the files are kept in the database (`attachment_files.content`). */
  dir: string | undefined;
  /** Files downloaded at once per account run. */
  concurrency: number;
  /** Downloads started per second per account run (default 10). */
  perSecond: number;
  /** Timeout of a response or of a stalled transfer (default 60 s). */
  timeoutMs: number;
  /** Retries of one download within a run, on 5xx, resets and timeouts (default 3). */
  retries: number;
  /** Base of the backoff between those retries (default 500 ms). */
  retryBaseMs: number;
  /** Runs that try a failing file before it is left alone. */
  maxAttempts: number;
  /** First wait before a failed file is tried again; doubles per attempt up to a day (default 5 min). */
  retryAfterMs: number;
  /** Files one run downloads at most (default 500); the rest wait for the next run. */
  perRun: number;
  /** Hosts reachable over plain http and at internal addresses (none: https to public ones only). */
  allowedHosts: readonly string[];
  /** Local address downloads are sent from (HOSTAWAY_LOCAL_ADDRESS, as for the API). */
  localAddress: string | undefined;
}

/** The HOSTAWAY_ATTACHMENT_* settings at their defaults, and the tuning no variable sets. */
export const DEFAULT_ATTACHMENT_SETTINGS: AttachmentSettings = {
  ...CONFIG_DEFAULTS.attachments,
  perSecond: 10,
  timeoutMs: MINUTE_MS,
  retries: 3,
  retryBaseMs: 500,
  retryAfterMs: 5 * MINUTE_MS,
  perRun: 500,
};

/** When a file that failed for the `attempts`-th time is tried again. */
export function nextAttemptDelayMs(attempts: number, settings: AttachmentSettings): number {
  return Math.min(DAY_MS, settings.retryAfterMs * 2 ** Math.max(0, attempts - 1));
}
