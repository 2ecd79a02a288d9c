import type { Database, Queryable } from '../src/db/database.js';
import { routeStatements } from '../src/db/drivers/orm.js';
import type { AccountApi, HostawayClient } from '../src/hostaway/client.js';

/**
 * Bench-side instrumentation of one sync, nothing in src: a Database whose calls are timed, a client whose
 * account APIs time each GET, and JSON.parse timed while the sync runs. Sums of call durations: with
 * threads fetched 8 at a time they overlap, so they add up to more than the wall time.
 */
export function createSplitRecorder() {
  let api = 0;
  let parse = 0;
  let db = 0;
  const originalParse = JSON.parse;
  JSON.parse = function timedParse(...args: Parameters<typeof JSON.parse>) {
    const started = performance.now();
    try {
      return originalParse(...args) as unknown;
    } finally {
      parse += performance.now() - started;
    }
  };
  const timeDb = async <T>(call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await call();
    } finally {
      db += performance.now() - started;
    }
  };
  const wrapQueryable = (q: Queryable): Queryable => ({
    query: (text, params) => timeDb(() => q.query(text, params)),
    orm: routeStatements(q.orm, timeDb),
  });
  const wrapApi = (inner: AccountApi): AccountApi => ({
    ...inner,
    async get(path, searchParams) {
      const started = performance.now();
      const parsedBefore = parse;
      try {
        return await inner.get(path, searchParams);
      } finally {
        api += performance.now() - started - (parse - parsedBefore);
      }
    },
  });
  return {
    /**
     * Σ duration of Hostaway GETs (waiting, transfer, retries; JSON parsing excluded), of JSON.parse
     * (response bodies, and the few JSON values the driver parses) and of the sync's database calls.
     */
    split: () => ({ apiSeconds: api / 1000, parseSeconds: parse / 1000, dbSeconds: db / 1000 }),
    wrapDatabase: (inner: Database): Database => ({
      kind: inner.kind,
      description: inner.description,
      query: (text, params) => timeDb(() => inner.query(text, params)),
      orm: routeStatements(inner.orm, timeDb),
      withSession: (fn) => inner.withSession((session) => fn(wrapQueryable(session))),
      transaction: (fn, options) => inner.transaction((tx) => fn(wrapQueryable(tx)), options),
      queryReadOnly: (text) => inner.queryReadOnly(text),
      stoppable: (signal, fn) => inner.stoppable(signal, fn),
      close: () => inner.close(),
    }),
    wrapClient: (inner: HostawayClient): HostawayClient => ({
      ...inner,
      forAccount: (credentials, store) => wrapApi(inner.forAccount(credentials, store)),
    }),
    /** Restores JSON.parse. */
    stop: () => {
      JSON.parse = originalParse;
    },
  };
}
