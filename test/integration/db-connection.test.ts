import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDatabase, type Database } from '../../src/db/database.js';
import { describePostgresUrl } from '../../src/db/drivers/postgres-driver.js';
import { ConfigError, DatabaseUnavailableError } from '../../src/errors.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../helpers/database.js';
import { sleep } from '../helpers/sleep.js';

/** The contract both drivers must honour. */
function driverContract(open: () => Promise<{ db: Database; done(): Promise<void> }>) {
  let db: Database;
  let done: () => Promise<void>;
  before(async () => {
    ({ db, done } = await open());
    await db.query('CREATE TABLE t_contract (id serial PRIMARY KEY, v text, n int NOT NULL DEFAULT 0)');
  });
  after(() => done());

  it('parses int8 as number when safe, numeric as string, jsonb as values, timestamptz as Date', async () => {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT 9007199254740991::int8 AS safe, 9007199254740993::int8 AS unsafe, count(*) AS c,
        1.50::numeric AS num, '{"a":[1,1.5,null,"é"]}'::jsonb AS j, now() AS ts`,
    );
    const row = rows[0]!;
    assert.equal(row['safe'], 9007199254740991);
    assert.equal(row['unsafe'], '9007199254740993');
    assert.equal(row['c'], 1);
    assert.equal(row['num'], '1.50');
    assert.deepEqual(row['j'], { a: [1, 1.5, null, 'é'] });
    assert.ok(row['ts'] instanceof Date);
  });

  it('reports rowCount consistently', async () => {
    assert.equal((await db.query("INSERT INTO t_contract (v) VALUES ('a'), ('b'), ('c')")).rowCount, 3);
    const updated = await db.query("UPDATE t_contract SET n = n + 1 WHERE v <> 'c' RETURNING id");
    assert.equal(updated.rowCount, 2);
    assert.equal(updated.rows.length, 2);
    assert.equal((await db.query('SELECT * FROM t_contract')).rowCount, 3);
    assert.equal((await db.query("DELETE FROM t_contract WHERE v = 'nope'")).rowCount, 0);
    assert.equal((await db.query('CREATE TEMP TABLE t_ddl (x int)')).rowCount, 0);
  });

  it('commits a transaction and rolls back a failed one', async () => {
    await db.transaction((tx) => tx.query("INSERT INTO t_contract (v) VALUES ('committed')"));
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO t_contract (v) VALUES ('rolled back')");
        throw new Error('boom');
      }),
      /boom/,
    );
    const { rows } = await db.query<{ v: string }>(
      "SELECT v FROM t_contract WHERE v IN ('committed', 'rolled back')",
    );
    assert.deepEqual(
      rows.map((r) => r.v),
      ['committed'],
    );
  });

  it('keeps one connection for a session', async () => {
    const pids = await db.withSession(async (s) => {
      const a = await s.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const b = await s.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      return [a.rows[0]!.pid, b.rows[0]!.pid];
    });
    assert.equal(pids[0], pids[1]);
  });

  it('isolates concurrent transactions (read-modify-write stays correct)', async () => {
    await db.query("INSERT INTO t_contract (v, n) VALUES ('counter', 0)");
    const bump = () =>
      db.transaction(async (tx) => {
        const { rows } = await tx.query<{ n: number }>(
          "SELECT n FROM t_contract WHERE v = 'counter' FOR UPDATE",
        );
        await sleep(20);
        await tx.query("UPDATE t_contract SET n = $1 WHERE v = 'counter'", [rows[0]!.n + 1]);
      });
    await Promise.all([bump(), bump(), bump()]);
    const { rows } = await db.query<{ n: number }>("SELECT n FROM t_contract WHERE v = 'counter'");
    assert.equal(rows[0]!.n, 3);
  });

  it('passes Date parameters', async () => {
    const at = new Date('2024-02-29T12:34:56.789Z');
    const { rows } = await db.query<{ ts: Date }>('SELECT $1::timestamptz AS ts', [at]);
    assert.equal(rows[0]!.ts.toISOString(), at.toISOString());
  });
}

describe('PGlite driver', () => {
  driverContract(async () => {
    const db = await createDatabase({ memory: true });
    return { db, done: () => db.close() };
  });

  it('queues standalone queries behind an open transaction', async () => {
    const db = await createDatabase({ memory: true });
    try {
      await db.query('CREATE TABLE log (seq serial, what text)');
      const tx = db.transaction(async (t) => {
        await t.query("INSERT INTO log (what) VALUES ('tx-1')");
        await sleep(50);
        await t.query("INSERT INTO log (what) VALUES ('tx-2')");
      });
      const outside = db.query("INSERT INTO log (what) VALUES ('outside')");
      await Promise.all([tx, outside]);
      const { rows } = await db.query<{ what: string }>('SELECT what FROM log ORDER BY seq');
      assert.deepEqual(
        rows.map((r) => r.what),
        ['tx-1', 'tx-2', 'outside'],
      );
    } finally {
      await db.close();
    }
  });

  it('creates a missing data directory and keeps data across reopen', async () => {
    const base = await mkdtemp(join(tmpdir(), 'hs-pglite-'));
    const dataDir = join(base, 'nested', 'data');
    try {
      const first = await createDatabase({ dataDir });
      assert.equal(first.kind, 'pglite');
      assert.equal(first.description, `embedded PostgreSQL (PGlite) in ${dataDir}`);
      await first.query('CREATE TABLE kept (x int)');
      await first.query('INSERT INTO kept VALUES (42)');
      await first.close();
      await first.close(); // idempotent
      const second = await createDatabase({ dataDir });
      const { rows } = await second.query<{ x: number }>('SELECT x FROM kept');
      assert.deepEqual(rows, [{ x: 42 }]);
      await second.close();
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it('refuses to guess when no database is configured', async () => {
    await assert.rejects(createDatabase({}), ConfigError);
  });
});

describe('PostgreSQL driver', () => {
  it('describes the server without user or password', () => {
    assert.equal(
      describePostgresUrl('postgres://app:s3cr3t@db.example.com:6543/hostaway?sslmode=require'),
      'PostgreSQL db.example.com:6543/hostaway',
    );
    assert.equal(describePostgresUrl('postgresql://localhost/x'), 'PostgreSQL localhost:5432/x');
  });

  it('rejects an invalid URL without echoing it', async () => {
    await assert.rejects(createDatabase({ url: 'not a url with p4ssword' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.doesNotMatch(error.message, /p4ssword/);
      return true;
    });
  });

  it('turns a refused connection into DatabaseUnavailableError (one line, no password)', async () => {
    await assert.rejects(
      createDatabase({ url: 'postgres://u:hunter2@127.0.0.1:1/nowhere' }),
      (error: unknown) => {
        assert.ok(error instanceof DatabaseUnavailableError);
        assert.match(error.message, /^cannot use PostgreSQL 127\.0\.0\.1:1\/nowhere: /);
        assert.doesNotMatch(error.message, /hunter2|\n/);
        assert.ok(error.hint);
        assert.equal(error.exitCode, 69);
        return true;
      },
    );
  });

  const serverUrl = testServerUrl();
  describe(
    'against TEST_DATABASE_URL',
    { skip: serverUrl === undefined && 'TEST_DATABASE_URL is not set' },
    () => {
      let test: TestDatabase;
      driverContract(async () => {
        test = await createTestDatabase({ migrate: false });
        return { db: test.db, done: () => test.drop() };
      });

      it('sets application_name and reports the kind', async () => {
        assert.equal(test.db.kind, 'postgres');
        const { rows } = await test.db.query<{ name: string }>(
          "SELECT current_setting('application_name') AS name",
        );
        assert.equal(rows[0]!.name, 'hostaway-sync');
      });

      it('reports a missing database as DatabaseUnavailableError', async () => {
        const url = new URL(test.url!);
        url.pathname = '/hs_test_does_not_exist';
        await assert.rejects(createDatabase({ url: url.toString() }), DatabaseUnavailableError);
      });
    },
  );
});
