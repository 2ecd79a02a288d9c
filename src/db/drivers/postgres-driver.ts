import { AsyncLocalStorage } from 'node:async_hooks';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { PoolClient, QueryArrayConfig, QueryResult as PgQueryResult } from 'pg';
import { ConfigError } from '../../errors.js';
import { DEFAULT_APPLICATION_NAME } from '../database.js';
import type {
  Database,
  DatabaseOptions,
  Queryable,
  QueryResult,
  TextQueryResult,
  TransactionOptions,
} from '../database.js';
import {
  DATABASE_ANSWER_GRACE_MS,
  DATABASE_KEEPALIVE_DELAY_MS,
  DEFAULT_DATABASE_TIMEOUTS,
  type DatabaseTimeouts,
} from '../database-timeouts.js';
import { toDatabaseError } from './postgres-errors.js';
import { runReadOnly } from '../queries/run-read-only.js';
import { routeStatements } from './orm.js';
import { runTransaction } from './run-transaction.js';
import { parseInt8, PG_OID } from './type-parsers.js';

const DEFAULT_POOL_SIZE = 10;
/** How long a stop lets running statements finish before cancelling them; well inside the 5 s stop grace. */
const STOP_CANCEL_DELAY_MS = 1_500;

/** "PostgreSQL host:port/database" from a connection URL; never the user or password. */
export function describePostgresUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('DATABASE_URL is not a valid URL', {
      hint: 'use postgres://user:password@host:5432/database',
    });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must start with postgres:// (got ${parsed.protocol}//)`);
  }
  const host = decodeURIComponent(parsed.hostname) || parsed.searchParams.get('host') || 'localhost';
  const port = parsed.port || '5432';
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default)';
  return `PostgreSQL ${host}:${port}/${database}`;
}

const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === PG_OID.int8 && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

function toResult<T>(answer: PgQueryResult | PgQueryResult[]): QueryResult<T> {
  // Several statements in one simple query (a transaction's opening) answer with one result each.
  const result = Array.isArray(answer) ? answer[answer.length - 1]! : answer;
  return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
}

/** Runs a driver call, turning connection failures and ended waits into the tool's errors (69, 75). */
async function guarded<T>(description: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toDatabaseError(error, description) ?? error;
  }
}

/** What both a pooled connection and a pool-wide statement run on (drizzle's client too). */
type Runner = Pick<PoolClient, 'query'>;

function queryableOf(target: Runner, description: string): Queryable {
  return {
    query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      return guarded(description, async () =>
        toResult<T>(await target.query(text, params as unknown[] | undefined)),
      );
    },
    orm: routeStatements(drizzle(target as PoolClient), (statement) => guarded(description, statement)),
  };
}

/** Every value as PostgreSQL's text; the extended protocol refuses several statements in one string. */
function textQuery(text: string): QueryArrayConfig & { queryMode: 'extended' } {
  const asText = (value: string) => value;
  return {
    text,
    rowMode: 'array',
    queryMode: 'extended',
    types: { getTypeParser: (() => asText) as typeof pg.types.getTypeParser },
  };
}

async function queryText(client: PoolClient, text: string): Promise<TextQueryResult> {
  const result = await client.query<(string | null)[]>(textQuery(text));
  return { fields: result.fields.map((f) => ({ name: f.name, typeId: f.dataTypeID })), rows: result.rows };
}

/** Idle connections are kept this long (keepalive guards them meanwhile). */
const IDLE_CONNECTION_MS = 120_000;

/** Every connection's bounds: server-side timeouts, TCP keepalive, and a client-side bound on answers. */
function createPool(url: string, options: DatabaseOptions): pg.Pool {
  const timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts };
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: timeouts.connectMs,
    application_name: options.applicationName ?? DEFAULT_APPLICATION_NAME,
    statement_timeout: timeouts.statementMs,
    lock_timeout: timeouts.lockMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    query_timeout: timeouts.statementMs + DATABASE_ANSWER_GRACE_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: DATABASE_KEEPALIVE_DELAY_MS,
    // Longer than the rate budget's lease renewal interval: a renewal every 70 s would otherwise open a
    // new connection each time (pg closes idle ones after 10 s by default), a session start each.
    idleTimeoutMillis: IDLE_CONNECTION_MS,
    types: typeParsers,
  });
  // An idle connection that dies is dropped by the pool; the next query reports the outage.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * BEGIN plus the connection's bounds again, local to the transaction, in one round trip: a transaction-mode
 * pooler drops the startup parameters that set them for the session, so only these hold behind one. The
 * transaction's own options (isolation, shorter bounds) go in the same round trip.
 */
function transactionBegin(timeouts: DatabaseTimeouts, options: TransactionOptions = {}): string {
  const ms = (value: number) => String(Math.trunc(value));
  return [
    options.readCommitted ? 'BEGIN ISOLATION LEVEL READ COMMITTED' : 'BEGIN',
    `SET LOCAL statement_timeout = ${ms(options.statementMs ?? timeouts.statementMs)}`,
    `SET LOCAL lock_timeout = ${ms(options.lockMs ?? timeouts.lockMs)}`,
    `SET LOCAL idle_in_transaction_session_timeout = ${ms(timeouts.idleInTransactionMs)}`,
  ].join('; ');
}

/** The parts of `pg` a cancel request needs that its types leave out. */
interface CancelParts {
  host: string;
  port: number;
  connection: {
    on(event: 'error', listener: () => void): void;
    on(event: 'connect', listener: () => void): void;
    connect(port: number | string, host?: string): void;
    cancel(processId: number, secretKey: number): void;
  };
}
interface RunningClient {
  processID: number;
  secretKey: number;
  _getActiveQuery(): unknown;
}

/**
 * Asks the server to cancel the statement `client` runs now, with the protocol's cancel request on a
 * connection of its own (a pooler forwards it to the right server connection); that statement fails with
 * 57014. Written out rather than `Client.cancel`, which reads a getter pg prints a deprecation warning for.
 */
function cancelStatement(url: string, client: PoolClient): void {
  const running = client as unknown as RunningClient;
  if (running._getActiveQuery() == null) return;
  const canceller = new pg.Client({ connectionString: url }) as unknown as CancelParts;
  const con = canceller.connection;
  con.on('error', () => undefined);
  con.on('connect', () => con.cancel(running.processID, running.secretKey));
  if (canceller.host.startsWith('/')) con.connect(`${canceller.host}/.s.PGSQL.${canceller.port}`);
  else con.connect(canceller.port, canceller.host);
}

/** A `pg` pool behind the `Database` interface. Verifies the connection before returning. */
export async function createPostgresDatabase(url: string, options: DatabaseOptions): Promise<Database> {
  const description = describePostgresUrl(url);
  const pool = createPool(url, options);
  const timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts };
  const beginWithBounds = transactionBegin(timeouts);
  // The connections each `stoppable` call has checked out, so a stop cancels what they run.
  const checkedOut = new AsyncLocalStorage<Set<PoolClient>>();
  const withClient = async <T>(fn: (client: PoolClient) => Promise<T>): Promise<T> => {
    const client = await guarded(description, () => pool.connect());
    const stoppable = checkedOut.getStore();
    stoppable?.add(client);
    let failed = false;
    let ended: unknown;
    // A checked-out connection that dies (server restart, idle-transaction timeout) emits 'error'; without
    // a listener that would end the process. Its pending and next queries fail on their own ("connection
    // terminated"), and the connection is discarded below; the server's reason is the error to report.
    const onError = (error: unknown) => {
      failed = true;
      ended ??= error;
    };
    client.on('error', onError);
    try {
      return await fn(client);
    } catch (error) {
      failed = true;
      throw (ended === undefined ? undefined : toDatabaseError(ended, description)) ?? error;
    } finally {
      // After a failure the session may hold locks or an open transaction: discard the connection.
      stoppable?.delete(client);
      client.off('error', onError);
      client.release(failed);
    }
  };
  // Statements outside a session check out a connection each, as `pool.query` would, but through
  // `withClient`: a stop can then cancel them too.
  const anyConnection = {
    query: (config: string | pg.QueryConfig, values?: unknown[]) =>
      withClient((client) => client.query(config, values)),
  } as Runner;
  const db: Database = {
    kind: 'postgres',
    description,
    ...queryableOf(anyConnection, description),
    withSession<T>(fn: (session: Queryable) => Promise<T>): Promise<T> {
      return withClient((client) => fn(queryableOf(client, description)));
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>, txOptions?: TransactionOptions): Promise<T> {
      const begin = txOptions ? transactionBegin(timeouts, txOptions) : beginWithBounds;
      return db.withSession((session) => runTransaction(session, fn, begin));
    },
    queryReadOnly(text: string): Promise<TextQueryResult> {
      return withClient((client) =>
        runReadOnly(queryableOf(client, description), () =>
          guarded(description, () => queryText(client, text)),
        ),
      );
    },
    async stoppable<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
      const running = new Set<PoolClient>();
      let cancelling: NodeJS.Timeout | undefined;
      // A statement still running a moment after the stop is waiting (on a lock, most likely): cancel it.
      // One that is merely writing a page finishes in that moment, so the page is kept, not thrown away.
      const stop = () => {
        cancelling = setTimeout(() => {
          for (const client of running) cancelStatement(url, client);
        }, STOP_CANCEL_DELAY_MS);
        cancelling.unref();
      };
      signal.addEventListener('abort', stop, { once: true });
      try {
        return await checkedOut.run(running, fn);
      } finally {
        signal.removeEventListener('abort', stop);
        clearTimeout(cancelling);
      }
    },
    async close(): Promise<void> {
      if (pool.ended || pool.ending) return;
      await pool.end();
    },
  };
  try {
    await db.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return db;
}
