import { CONFIG_DEFAULTS } from '../config.js';
/** When and how long to wait before retrying a Hostaway request (design.md §5). */
export interface RetryTiming {
  baseMs: number;
  /** Ceiling of one exponential backoff step. */
  capMs?: number;
  /** Wait after a 429 that carries no Retry-After (Hostaway sends none; its window is 10 s). */
  rateLimitBackoffMs: number;
  /** Longest Retry-After honoured (default 60 s). */
  retryAfterMaxMs?: number;
  random?: () => number;
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status) || status >= 500;
}

/** Exponential backoff with full jitter: a random wait in [0, min(cap, base·2^attempt)]. */
export function backoffDelayMs(attempt: number, timing: RetryTiming): number {
  const random = timing.random ?? Math.random;
  const ceiling = Math.min(timing.capMs ?? 30_000, timing.baseMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from `now`; undefined when absent/invalid. */
export function parseRetryAfterMs(header: string | string[] | undefined, now: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * How long to honour a Retry-After: the asked wait plus up to 10 % jitter (so processes told the same thing
 * do not return at the same instant), or undefined when it is longer than `maxMs` — sleeping a day while
 * holding an account's lock helps nobody; the request fails as rate limited and a later run tries again.
 */
export function cappedRetryAfterMs(retryAfterMs: number, timing: RetryTiming): number | undefined {
  if (retryAfterMs > (timing.retryAfterMaxMs ?? CONFIG_DEFAULTS.http.retryAfterMaxMs)) return undefined;
  const random = timing.random ?? Math.random;
  return retryAfterMs + Math.round(random() * retryAfterMs * 0.1);
}

/** After a 429 without Retry-After: at least one window plus jitter. */
export function rateLimitDelayMs(retryAfterMs: number | undefined, timing: RetryTiming): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const random = timing.random ?? Math.random;
  return (
    timing.rateLimitBackoffMs + Math.round(random() * Math.max(timing.baseMs, timing.rateLimitBackoffMs / 10))
  );
}
