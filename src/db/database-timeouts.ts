import { CONFIG_DEFAULTS } from '../config.js';

/**
 * How long any one wait on a server database may last. Every `pg` connection carries these (PostgreSQL's
 * `statement_timeout`, `lock_timeout`, `idle_in_transaction_session_timeout`), plus TCP keepalive and a
 * client-side bound on each query, so a stalled server, a held lock or a frozen peer fails the wait with
 * one line instead of hanging the process.
 */
export interface DatabaseTimeouts {
  /** Longest one statement may run (server-side `statement_timeout`). */
  statementMs: number;
  /** Longest one statement may wait for a lock, advisory locks included (`lock_timeout`). */
  lockMs: number;
  /** Longest a session may sit idle inside a transaction before the server ends it. */
  idleInTransactionMs: number;
  /** Longest opening a connection (or waiting for a free one in the pool) may take. */
  connectMs: number;
}

/** The DATABASE_*_TIMEOUT_MS settings at their defaults. */
export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = CONFIG_DEFAULTS.databaseTimeouts;

/** TCP keepalive probes start after this much silence on a connection. */
export const DATABASE_KEEPALIVE_DELAY_MS = 10_000;

/**
 * The client stops waiting for an answer this long after the server's own statement timeout would have
 * fired: the server, or the path to it, has stopped answering.
 */
export const DATABASE_ANSWER_GRACE_MS = 5_000;
