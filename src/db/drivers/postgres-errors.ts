import { DatabaseTimeoutError, DatabaseUnavailableError } from '../../errors.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOENT', // Unix socket path missing
]);

const CONNECTION_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Client has encountered a connection error',
  'Query read timeout', // the client-side bound on an answer (see DATABASE_ANSWER_GRACE_MS)
];

/** SQLSTATEs of a bounded wait that ran out, with what to do about each. */
const TIMEOUT_HINTS: Record<string, string> = {
  '57014':
    'a statement ran longer than DATABASE_STATEMENT_TIMEOUT_MS (or was cancelled); the next run retries it',
  '55P03':
    'another session held a lock longer than DATABASE_LOCK_TIMEOUT_MS; the next run retries (look for long transactions in pg_stat_activity)',
  '25P03':
    'the process sat in an open transaction longer than DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS (was it paused?); the next run retries',
};

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function hintFor(code: string | undefined): string {
  if (code === '28P01' || code === '28000') return 'check the user and password in DATABASE_URL';
  if (code === '3D000') return 'create the database first, or fix its name in DATABASE_URL';
  if (code === '53300')
    return 'the server has too many connections; lower concurrency or raise max_connections';
  return 'check that PostgreSQL is running and that DATABASE_URL points to it';
}

/** Whether a driver error means the server could not be reached, stopped answering or refused the connection. */
export function isConnectionError(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined) {
    if (NETWORK_CODES.has(code)) return true;
    // SQLSTATE 08xxx connection exception, 57P0x shutdown/cannot connect now, 28xxx auth, 3D000 no db.
    if (/^(08|28)/.test(code) || /^57P0[1-3]$/.test(code) || code === '3D000' || code === '53300')
      return true;
  }
  const message = error instanceof Error ? error.message : '';
  return CONNECTION_MESSAGES.some((m) => message.includes(m));
}

/** Whether a driver error is a bounded wait that ran out (statement, lock or idle-transaction timeout). */
export function isTimeoutError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && code in TIMEOUT_HINTS;
}

function firstLine(error: unknown): string {
  const reason = error instanceof Error && error.message !== '' ? error.message : String(error);
  return reason.split('\n')[0] ?? reason;
}

/**
 * The tool's error for a driver error, one line without a password: `DatabaseTimeoutError` (exit 75) for a
 * wait that ran out, `DatabaseUnavailableError` (exit 69) for a connection failure; undefined otherwise.
 */
export function toDatabaseError(
  error: unknown,
  description: string,
): DatabaseTimeoutError | DatabaseUnavailableError | undefined {
  if (error instanceof DatabaseUnavailableError || error instanceof DatabaseTimeoutError) return undefined;
  if (isTimeoutError(error)) {
    return new DatabaseTimeoutError(`${description}: ${firstLine(error)}`, {
      hint: TIMEOUT_HINTS[errorCode(error)!],
      cause: error,
    });
  }
  if (!isConnectionError(error)) return undefined;
  return new DatabaseUnavailableError(`cannot use ${description}: ${firstLine(error)}`, {
    hint: hintFor(errorCode(error)),
    cause: error,
  });
}
