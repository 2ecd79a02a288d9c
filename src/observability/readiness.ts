import type { Queryable } from '../db/database.js';
import { checkSchema } from '../db/migrations/migrate.js';
import { describeError } from '../errors.js';

export interface Readiness {
  ready: boolean;
  /** ok, stopping, database-unreachable, or the schema state (absent, needs-migration, too-new). */
  status: string;
  detail?: string;
}

export interface ReadinessOptions {
  db: Queryable;
  isStopping: () => boolean;
  /** A check slower than this counts as unreachable (default 2 s). */
  timeoutMs?: number;
  /** Probes within this time of the last check share its answer (default 1 s). */
  cacheMs?: number;
  now?: () => number;
}

/** Ready: not shutting down, the database answers, and its schema is the one this build expects. */
export function createReadinessCheck(options: ReadinessOptions): () => Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const cacheMs = options.cacheMs ?? 1_000;
  const now = options.now ?? Date.now;
  let last: { at: number; result: Promise<Readiness> } | undefined;

  async function check(): Promise<Readiness> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const schema = await Promise.race([checkSchema(options.db), timeout]);
      return schema === 'current' ? { ready: true, status: 'ok' } : { ready: false, status: schema };
    } catch (error) {
      return { ready: false, status: 'database-unreachable', detail: describeError(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  return () => {
    if (options.isStopping()) return Promise.resolve({ ready: false, status: 'stopping' });
    if (last === undefined || now() - last.at >= cacheMs) last = { at: now(), result: check() };
    return last.result;
  };
}
