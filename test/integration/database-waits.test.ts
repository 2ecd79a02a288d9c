import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDatabase, type Database } from '../../src/db/database.js';
import { DatabaseTimeoutError, DatabaseUnavailableError, ExitCode } from '../../src/errors.js';
import {
  createTestDatabase,
  testBehindPooler,
  testServerUrl,
  type TestDatabase,
} from '../helpers/database.js';
import { sleep } from '../helpers/sleep.js';
import { startTcpPauseProxy } from '../helpers/tcp-pause-proxy.js';

const timeouts = { statementMs: 500, lockMs: 300, idleInTransactionMs: 300, connectMs: 2_000 };

describe('PostgreSQL waits are bounded', { skip: !testServerUrl() && 'needs a server database' }, () => {
  let test: TestDatabase;
  let db: Database;

  before(async () => {
    test = await createTestDatabase({ migrate: false });
    db = await createDatabase({ url: test.url!, poolSize: 3, timeouts });
  });
  after(async () => {
    await db.close();
    await test.drop();
  });

  it('a statement running past statementMs fails as a database timeout (exit 75)', async () => {
    const error = await db.query('SELECT pg_sleep(8)').then(
      () => assert.fail('pg_sleep(8) finished'),
      (e: unknown) => e,
    );
    if (testBehindPooler()) {
      // The pooler drops the session's statement_timeout: outside a transaction only the client's bound
      // holds (statementMs + 5 s), and the statement fails as unanswered.
      assert.ok(error instanceof DatabaseUnavailableError, String(error));
      return;
    }
    assert.ok(error instanceof DatabaseTimeoutError, String(error));
    assert.equal(error.exitCode, ExitCode.temporary);
    assert.match(error.message, /statement timeout/);
    assert.match(error.hint ?? '', /DATABASE_STATEMENT_TIMEOUT_MS/);
  });

  it('a transaction carries its own bounds, so they hold behind a transaction-mode pooler too', async () => {
    const error = await db.transaction((tx) => tx.query('SELECT pg_sleep(8)')).catch((e: unknown) => e);
    assert.ok(error instanceof DatabaseTimeoutError, String(error));
    assert.match(error.message, /statement timeout/);
  });

  it('a lock held elsewhere past lockMs fails as a database timeout, advisory locks too', async () => {
    await test.db.query('CREATE TABLE IF NOT EXISTS t_wait (id int)');
    await test.db.transaction(async (tx) => {
      await tx.query('LOCK TABLE t_wait IN ACCESS EXCLUSIVE MODE');
      await tx.query('SELECT pg_advisory_xact_lock(17, 4)');
      for (const statement of ['SELECT * FROM t_wait', 'SELECT pg_advisory_xact_lock(17, 4)']) {
        const error = await db.transaction((other) => other.query(statement)).catch((e: unknown) => e);
        assert.ok(error instanceof DatabaseTimeoutError, `${statement}: ${String(error)}`);
        assert.match(error.message, /lock timeout/);
        assert.match(error.hint ?? '', /DATABASE_LOCK_TIMEOUT_MS/);
      }
    });
  });

  it('a transaction left idle past idleInTransactionMs is ended by the server and says so', async () => {
    const error = await db
      .transaction(async (tx) => {
        await tx.query('SELECT 1');
        await sleep(1_000);
        await tx.query('SELECT 2');
      })
      .catch((e: unknown) => e);
    assert.ok(error instanceof DatabaseTimeoutError, String(error));
    assert.match(error.message, /idle-in-transaction timeout/);
    assert.match(error.hint ?? '', /DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS/);
    assert.equal((await db.query<{ n: number }>('SELECT 1 AS n')).rows[0]!.n, 1);
  });

  it('a server that stops answering fails the query as unavailable (exit 69) instead of hanging', async () => {
    const proxy = await startTcpPauseProxy(test.url!);
    const frozen = await createDatabase({ url: proxy.url, poolSize: 1, timeouts });
    try {
      proxy.pause();
      const startedAt = Date.now();
      const error = await frozen.query('SELECT 1').catch((e: unknown) => e);
      assert.ok(error instanceof DatabaseUnavailableError, String(error));
      assert.equal(error.exitCode, ExitCode.unavailable);
      assert.ok(Date.now() - startedAt < 10_000);
    } finally {
      await proxy.close();
      await frozen.close().catch(() => undefined);
    }
  });
});
