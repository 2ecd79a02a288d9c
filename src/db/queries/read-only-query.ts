import { HostawaySyncError, UsageError } from '../../errors.js';
import type { Database, TextQueryResult } from '../database.js';

export type { TextQueryResult } from '../database.js';

// SQLSTATE classes that say something about the server, not the query: keep their own errors.
const SERVER_TROUBLE = new Set(['08', '53', '54', '57', '58', 'XX']);
const HINT = 'one read-only statement, e.g. hostaway-sync sql "select * from hostaway.listing_summary"';

/**
 * Runs one statement inside `BEGIN READ ONLY … ROLLBACK` (always rolled back) and returns every value as
 * text. A write, several statements or an invalid query is a `UsageError` (exit 2). This guards against
 * accidents, not against a hostile user: for that, connect with a database role that can only read.
 */
export async function runReadOnlyQuery(db: Database, text: string): Promise<TextQueryResult> {
  if (!/[^\s;]/.test(stripComments(text))) {
    throw new UsageError('the query is empty', { hint: HINT });
  }
  try {
    return await db.queryReadOnly(text);
  } catch (error) {
    throw toQueryError(error);
  }
}

function stripComments(text: string): string {
  return text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

function toQueryError(error: unknown): unknown {
  if (error instanceof HostawaySyncError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || SERVER_TROUBLE.has(code.slice(0, 2))) {
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (code === '25006') {
    return new UsageError(`the sql command only reads: ${message}`, {
      hint: 'change data through hostaway-sync commands (or psql against a server); the mirror is rewritten by the next sync',
      cause: error,
    });
  }
  if (/multiple commands/.test(message)) {
    return new UsageError('the sql command runs one statement at a time', {
      hint: 'run each statement separately',
      cause: error,
    });
  }
  const relation =
    code === '42P01' ? 'tables and views live in schema hostaway, e.g. hostaway.reservation_summary' : HINT;
  return new UsageError(`query failed: ${message}`, { hint: relation, cause: error });
}
