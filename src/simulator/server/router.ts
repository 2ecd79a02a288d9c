export interface Route<H> {
  method: string;
  /** e.g. '/reservations/:id/conversations'; ':name' segments match digits only. */
  pattern: string;
  handler: H;
}

/** A route from 'METHOD /pattern'. */
export function route<H>(methodAndPattern: string, handler: H): Route<H> {
  const [method = '', pattern = ''] = methodAndPattern.split(' ');
  return { method, pattern, handler };
}

/** Finds the route for `method` and `path` (a trailing slash is ignored); numeric params in order. */
export function matchRoute<H>(
  routes: readonly Route<H>[],
  method: string,
  path: string,
): { route: Route<H>; params: number[] } | undefined {
  const segments = (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).split('/');
  for (const route of routes) {
    if (route.method !== method) continue;
    const expected = route.pattern.split('/');
    if (expected.length !== segments.length) continue;
    const params: number[] = [];
    const matches = expected.every((part, index) => {
      const actual = segments[index] ?? '';
      if (!part.startsWith(':')) return part === actual;
      if (!/^\d{1,15}$/.test(actual)) return false;
      params.push(Number(actual));
      return true;
    });
    if (matches) return { route, params };
  }
  return undefined;
}
