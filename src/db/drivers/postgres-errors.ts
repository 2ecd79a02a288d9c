import { DatabaseUnavailableError } from '../../errors.js';

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
];

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

/** Whether a driver error means the server could not be reached or rejected the connection. */
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

/** A `DatabaseUnavailableError` for a connection failure (one line, no password), or undefined. */
export function toUnavailableError(
  error: unknown,
  description: string,
): DatabaseUnavailableError | undefined {
  if (error instanceof DatabaseUnavailableError || !isConnectionError(error)) return undefined;
  const reason = error instanceof Error && error.message !== '' ? error.message : String(error);
  const oneLine = reason.split('\n')[0] ?? reason;
  return new DatabaseUnavailableError(`cannot use ${description}: ${oneLine}`, {
    hint: hintFor(errorCode(error)),
    cause: error,
  });
}
