import {
  EndpointFailedError,
  HostawayApiError,
  RateLimitedError,
  UnavailableError,
  type HostawaySyncError,
} from '../errors.js';
import type { RawOutcome } from './http.js';
import { isRetryableStatus, parseRetryAfterMs } from './retry-policy.js';

/** What one raw exchange means for the caller: use it, re-authenticate, retry, or give up. */
export type Verdict =
  | { kind: 'ok'; body: unknown }
  | { kind: 'auth'; status: number; message: string }
  | { kind: 'retry'; rateLimited: boolean; retryAfterMs: number | undefined; error: HostawaySyncError }
  | { kind: 'fatal'; error: HostawaySyncError };

const retry = (error: HostawaySyncError, retryAfterMs?: number, rateLimited = false): Verdict => ({
  kind: 'retry',
  rateLimited,
  retryAfterMs,
  error,
});
const fatal = (error: HostawaySyncError): Verdict => ({ kind: 'fatal', error });

export function interpretOutcome(outcome: RawOutcome, label: string, now: number): Verdict {
  if (outcome.kind === 'network')
    // Hostaway answered and the body broke off: this endpoint's fault, not a way to Hostaway lost.
    return retry(
      outcome.answered
        ? new EndpointFailedError(`Hostaway's answer was cut off (${outcome.code}) for ${label}`)
        : new UnavailableError(`Hostaway unreachable (${outcome.code}) for ${label}`, {
            hint: 'check the network and HOSTAWAY_API_BASE_URL',
          }),
    );
  const { status } = outcome;
  const parsed = parseJson(outcome.body);
  const message = failMessage(parsed) ?? `HTTP ${status}`;
  const retryAfterMs = parseRetryAfterMs(outcome.headers['retry-after'], now);
  if (status === 401 || status === 403) return { kind: 'auth', status, message };
  if (status === 429)
    return retry(
      new RateLimitedError(`Hostaway rate limit still exceeded after retries (${label})`, {
        hint: 'lower HOSTAWAY_SYNC_CONCURRENCY or the rate-limit settings, or try again later',
      }),
      retryAfterMs,
      true,
    );
  if (isRetryableStatus(status))
    return retry(
      new EndpointFailedError(`Hostaway answered ${status} for ${label}: ${message}`),
      retryAfterMs,
    );
  if (status < 200 || status >= 300)
    return fatal(
      new HostawayApiError(`Hostaway answered ${status} for ${label}: ${message}`, { status, path: label }),
    );
  // A cut-off or non-JSON body on a 2xx is a transport problem; the same request usually succeeds again.
  if (parsed === undefined)
    return retry(new EndpointFailedError(`Hostaway sent an invalid JSON body for ${label}`));
  if (isObject(parsed) && parsed.status === 'fail')
    return fatal(new HostawayApiError(`Hostaway refused ${label}: ${message}`, { status, path: label }));
  return { kind: 'ok', body: parsed };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Hostaway puts the error text in `message` (429, 404) or in `result` (validation errors). It ends up in
 * one-line errors and in jsonb run records: control characters become spaces and unpaired surrogates
 * (which PostgreSQL refuses) U+FFFD.
 */
function failMessage(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const text = body.message ?? (typeof body.result === 'string' ? body.result : undefined);
  if (typeof text !== 'string') return undefined;
  return text
    .slice(0, 300)
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .trim();
}
