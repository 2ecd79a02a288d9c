/**
 * One error hierarchy for the whole tool. Library code throws these; only the CLI prints them and turns
 * `exitCode` into the process exit status (see README "Exit codes").
 */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  partial: 3,
  schemaTooNew: 57,
  unavailable: 69,
  temporary: 75,
  authRejected: 77,
  config: 78,
  sigint: 130,
  sigterm: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface HostawaySyncErrorOptions {
  hint?: string;
  cause?: unknown;
}

export class HostawaySyncError extends Error {
  readonly code: string = 'INTERNAL';
  readonly exitCode: ExitCodeValue = ExitCode.internal;
  readonly hint: string | undefined;

  constructor(message: string, options: HostawaySyncErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

export class UsageError extends HostawaySyncError {
  override readonly code = 'USAGE';
  override readonly exitCode = ExitCode.usage;
}

/** Configuration problems; `problems` lists every one so the user can fix them all at once. */
export class ConfigError extends HostawaySyncError {
  override readonly code = 'CONFIG';
  override readonly exitCode = ExitCode.config;
  readonly problems: readonly string[];

  constructor(problems: readonly string[] | string, options: HostawaySyncErrorOptions = {}) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.length === 1 ? list[0]! : `invalid configuration: ${list.join('; ')}`, options);
    this.problems = list;
  }
}

/** A stored secret cannot be stored or read: no key, an unknown key id, a wrong key or a tampered value. */
export class SecretsError extends HostawaySyncError {
  override readonly code = 'SECRETS';
  override readonly exitCode = ExitCode.config;
}

export class SchemaTooNewError extends HostawaySyncError {
  override readonly code = 'SCHEMA_TOO_NEW';
  override readonly exitCode = ExitCode.schemaTooNew;
}

/** Hostaway or PostgreSQL could not be reached (after retries). */
export class UnavailableError extends HostawaySyncError {
  override readonly code: string = 'UNAVAILABLE';
  override readonly exitCode = ExitCode.unavailable;
}

/** Hostaway answered, but one endpoint kept failing (5xx, a broken body) past the retries: a local fault. */
export class EndpointFailedError extends UnavailableError {
  override readonly code: string = 'ENDPOINT_FAILED';
}

export class DatabaseUnavailableError extends UnavailableError {
  override readonly code = 'DATABASE_UNAVAILABLE';
}

/** Something that will probably work later: rate limited past the retry budget, a held lock. */
export class TemporaryError extends HostawaySyncError {
  override readonly code: string = 'TEMPORARY';
  override readonly exitCode = ExitCode.temporary;
}

export class RateLimitedError extends TemporaryError {
  override readonly code = 'RATE_LIMITED';
}

export class LockHeldError extends TemporaryError {
  override readonly code = 'LOCK_HELD';
}

/**
 * A running sync could not renew its account lease (another process took it over after it expired, or the
 * database stayed unreachable for the lease's length): the run stops after its current page rather than go
 * on unprotected.
 */
export class LeaseLostError extends TemporaryError {
  override readonly code = 'LEASE_LOST';
}

/** The shared rate budget's transaction waited past its lock or statement timeout (a frozen holder). */
export class RateBudgetBusyError extends TemporaryError {
  override readonly code = 'RATE_BUDGET_BUSY';
}

/** PostgreSQL ended a wait that passed its bound: a statement, a lock wait, an idle transaction. */
export class DatabaseTimeoutError extends TemporaryError {
  override readonly code = 'DATABASE_TIMEOUT';
}

export class AuthError extends HostawaySyncError {
  override readonly code = 'AUTH_REJECTED';
  override readonly exitCode = ExitCode.authRejected;
}

/**
 * One endpoint refused a freshly minted token (403 after the re-mint). For a core resource it is a
 * credentials error like any other; an optional resource whose endpoint refuses a token that works
 * elsewhere is unavailable to the account instead (src/sync/unavailable.ts).
 */
export class EndpointForbiddenError extends AuthError {
  readonly path: string;

  constructor(message: string, path: string, options: HostawaySyncErrorOptions = {}) {
    super(message, options);
    this.path = path;
  }
}

/**
 * Hostaway answered with an error that retrying will not fix (400, 404, 422, `status: "fail"`). Exit 69 as
 * for an endpoint failing past its retries: the service will not give this answer (README "Exit codes").
 */
export class HostawayApiError extends HostawaySyncError {
  override readonly code = 'HOSTAWAY_API';
  override readonly exitCode = ExitCode.unavailable;
  readonly status: number | undefined;
  readonly path: string;

  constructor(
    message: string,
    details: { status?: number; path: string },
    options: HostawaySyncErrorOptions = {},
  ) {
    super(message, options);
    this.status = details.status;
    this.path = details.path;
  }
}

export class NotFoundError extends HostawaySyncError {
  override readonly code = 'NOT_FOUND';
  override readonly exitCode = ExitCode.usage;
}

/** Accounts asked for by id that the database does not hold. */
export const accountNotFound = (ids: number | readonly number[]) =>
  new NotFoundError(`account ${[ids].flat().join(', ')} does not exist`, {
    hint: 'see hostaway-sync accounts list',
  });

export class InterruptedError extends HostawaySyncError {
  override readonly code = 'INTERRUPTED';
  override readonly exitCode: ExitCodeValue;
  readonly signal: 'SIGINT' | 'SIGTERM';

  constructor(signal: 'SIGINT' | 'SIGTERM') {
    super(`interrupted by ${signal}`);
    this.signal = signal;
    this.exitCode = signal === 'SIGINT' ? ExitCode.sigint : ExitCode.sigterm;
  }
}

export function isHostawaySyncError(error: unknown): error is HostawaySyncError {
  return error instanceof HostawaySyncError;
}

/** A short description of any thrown value, for logs and run records (never includes a stack). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
