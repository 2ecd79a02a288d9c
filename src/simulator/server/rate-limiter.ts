import type { RateLimitOptions } from '../core/types.js';

type ResolvedRateLimit = Required<RateLimitOptions>;

const DEFAULT_RATE_LIMIT: ResolvedRateLimit = {
  enabled: true,
  perIp: 15,
  perAccount: 20,
  windowMs: 10_000,
};

function resolveRateLimit(
  options: RateLimitOptions | undefined,
  base = DEFAULT_RATE_LIMIT,
): ResolvedRateLimit {
  const given = Object.entries(options ?? {}).filter(([, value]) => value !== undefined);
  const resolved: ResolvedRateLimit = { ...base, ...Object.fromEntries(given) };
  if (typeof resolved.enabled !== 'boolean') throw new RangeError('rateLimit.enabled must be a boolean');
  for (const key of ['perIp', 'perAccount', 'windowMs'] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1)
      throw new RangeError(`rateLimit.${key} must be a positive integer`);
  }
  return resolved;
}

/**
 * Sliding-window log, the strictest reading of "15 requests / 10 s per IP, 20 / 10 s per account":
 * a request is rejected when the requests of its IP (or account) within the last windowMs, itself and
 * rejected requests included, exceed the limit.
 */
export function createRateLimiter(options: RateLimitOptions | undefined) {
  let settings = resolveRateLimit(options);
  const windows = new Map<string, number[]>();
  const record = (key: string, nowMs: number): number => {
    const log = windows.get(key) ?? [];
    log.push(nowMs);
    let expired = 0;
    while (expired < log.length && (log[expired] ?? 0) <= nowMs - settings.windowMs) expired += 1;
    if (expired > 0) log.splice(0, expired);
    windows.set(key, log);
    return log.length;
  };
  return {
    /** Merges into the current settings (undefined restores the defaults) and forgets past requests. */
    configure(next: RateLimitOptions | undefined) {
      settings = next === undefined ? DEFAULT_RATE_LIMIT : resolveRateLimit(next, settings);
      windows.clear();
    },
    /** Records the request; false when it must be answered with 429. */
    hit(ip: string, accountId: number | undefined, nowMs: number): boolean {
      if (!settings.enabled) return true;
      const ipCount = record(`ip:${ip}`, nowMs);
      const accountCount = accountId === undefined ? 0 : record(`account:${accountId}`, nowMs);
      return ipCount <= settings.perIp && accountCount <= settings.perAccount;
    },
  };
}
