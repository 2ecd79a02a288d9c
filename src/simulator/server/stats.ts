import type { SimulatorStats } from '../core/types.js';

export function createStats(): SimulatorStats {
  return {
    requests: 0,
    byEndpoint: {},
    byAccount: {},
    status: {},
    rateLimited: 0,
    tokensIssued: 0,
    queryParams: {},
  };
}

/** Zeroes the counters in place, so references handed out earlier stay live. */
export function resetStats(stats: SimulatorStats): void {
  stats.requests = 0;
  stats.rateLimited = 0;
  stats.tokensIssued = 0;
  for (const record of [stats.byEndpoint, stats.byAccount, stats.status, stats.queryParams]) {
    for (const key of Object.keys(record)) delete record[key];
  }
}

export function increment(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

/** Counts one API request: total, route, account and every query parameter name. */
export function recordRequest(
  stats: SimulatorStats,
  endpoint: string,
  accountId: number | undefined,
  query: URLSearchParams,
): void {
  stats.requests += 1;
  increment(stats.byEndpoint, endpoint);
  if (accountId !== undefined) increment(stats.byAccount, String(accountId));
  for (const name of query.keys()) increment(stats.queryParams, name);
}
