const DEFAULT_LIMIT = 100;
type PageRequest = ReturnType<typeof parsePage>;

/** A non-negative integer query parameter, or null when absent or not a plain integer. */
export function intParam(query: URLSearchParams, name: string): number | null {
  const value = query.get(name);
  if (value === null || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** True for includeResources=1 style flags. */
export function flagParam(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value === '1' || value === 'true';
}

/**
 * limit/offset as applied and as echoed (null when absent or invalid): `limit` defaults to 100 and is
 * silently capped at maxLimit; the echo shows the applied limit.
 */
export function parsePage(query: URLSearchParams, maxLimit: number) {
  const requested = intParam(query, 'limit');
  const limit =
    requested === null || requested === 0 ? Math.min(DEFAULT_LIMIT, maxLimit) : Math.min(requested, maxLimit);
  const offset = intParam(query, 'offset');
  return { limit, offset: offset ?? 0, limitEcho: requested === null ? null : limit, offsetEcho: offset };
}

/** Envelope of /listings and /reservations: status, result, count, limit, offset. */
export function countEnvelope(result: unknown[], count: number, page: PageRequest): Record<string, unknown> {
  return { status: 'success', result, count, limit: page.limitEcho, offset: page.offsetEcho };
}

/** Envelope of /conversations and messages: status, result, limit, offset, count, page, totalPages. */
export function pagedEnvelope(result: unknown[], count: number, page: PageRequest): Record<string, unknown> {
  return {
    status: 'success',
    result,
    limit: page.limitEcho,
    offset: page.offsetEcho,
    count,
    page: Math.floor(page.offset / page.limit) + 1,
    totalPages: Math.ceil(count / page.limit),
  };
}
