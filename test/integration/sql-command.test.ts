import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { run as runSqlCommand } from '../../src/cli/commands/sql.js';
import { insertAccount } from '../../src/db/accounts/accounts-repo.js';
import { runReadOnlyQuery } from '../../src/db/queries/read-only-query.js';
import { ExitCode, UsageError } from '../../src/errors.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestIo, createTestRuntime } from '../helpers/runtime.js';

const CUSTOMER = '6f1c9a52-0d3e-4f43-9a57-1b2c3d4e5f60';

/** `hostaway-sync sql`: one statement, read-only, on both databases. */
describe('sql command', () => {
  let test: TestDatabase;

  before(async () => {
    test = await createTestDatabase();
    await insertAccount(test.db, { accountId: 4242, customerId: CUSTOMER, clientSecret: 'secret' });
  });
  after(async () => test.drop());

  const sql = async (query: string, json = false, csv = false) => {
    const io = createTestIo();
    const runtime = createTestRuntime(test.db, io);
    try {
      const code = await runSqlCommand(runtime, query, { json: json || undefined, csv: csv || undefined });
      return { code, out: io.out(), err: io.err() };
    } finally {
      await runtime.close();
    }
  };

  it('returns every value as PostgreSQL prints it, repeated column names included', async () => {
    const result = await runReadOnlyQuery(
      test.db,
      `select 1 as n, 1 as n, '2024-02-29'::date as d, null::text as nothing, 1.50::numeric as price,
              true as yes, '{"a": [1]}'::jsonb as doc, array[1, 2] as list;`,
    );
    assert.deepEqual(
      result.fields.map((f) => f.name),
      ['n', 'n', 'd', 'nothing', 'price', 'yes', 'doc', 'list'],
    );
    assert.deepEqual(result.rows, [['1', '1', '2024-02-29', null, '1.50', 't', '{"a": [1]}', '{1,2}']]);
  });

  it('prints a table on stdout and the row count on stderr', async () => {
    const { code, out, err } = await sql(
      "select account_id, customer_id, 'two\nlines' as note from hostaway.accounts order by 1",
    );
    assert.equal(code, 0);
    assert.deepEqual(out.split('\n'), [
      'account_id | customer_id                          | note',
      '-----------+--------------------------------------+----------',
      '      4242 | 6f1c9a52-0d3e-4f43-9a57-1b2c3d4e5f60 | two↵lines',
      '',
    ]);
    assert.equal(err, '(1 row)\n');
  });

  it('--json prints one array of objects with numbers, booleans and JSON typed', async () => {
    const { out } = await sql(
      `select 4242::bigint as id, 2.5::numeric as price, 9007199254740993::bigint as big, false as flag,
              '{"k": 1}'::jsonb as doc, null as nothing, 'x' as id`,
      true,
    );
    assert.deepEqual(JSON.parse(out), [
      { id: 4242, price: 2.5, big: '9007199254740993', flag: false, doc: { k: 1 }, nothing: null, id_2: 'x' },
    ]);
  });

  it('--json writes timestamps in ISO 8601', async () => {
    const { out } = await sql(
      `select '2026-03-01 10:20:30.123456+00'::timestamptz as at, '2026-03-01 10:20:30'::timestamp as local,
              '2026-03-01'::date as day`,
      true,
    );
    assert.deepEqual(JSON.parse(out), [
      { at: '2026-03-01T10:20:30.123456+00:00', local: '2026-03-01T10:20:30', day: '2026-03-01' },
    ]);
  });

  it('--csv writes a header line and RFC 4180 fields, NULL empty', async () => {
    const { code, out } = await sql(
      `select 1 as n, 'say "hi", then
go' as text, null::text as nothing, '2026-03-01 10:20:30+00'::timestamptz as at`,
      false,
      true,
    );
    assert.equal(code, 0);
    assert.equal(out, 'n,text,nothing,at\r\n1,"say ""hi"", then\ngo",,2026-03-01T10:20:30+00:00\r\n');
  });

  const refused = async (query: string, pattern: RegExp) => {
    await assert.rejects(runReadOnlyQuery(test.db, query), (error: unknown) => {
      assert.ok(error instanceof UsageError, String(error));
      assert.equal(error.exitCode, ExitCode.usage);
      assert.match(error.message, pattern);
      assert.ok(error.hint, 'a hint');
      assert.ok(!error.message.includes('\n'), 'one line');
      return true;
    });
  };

  it('refuses writes of every kind (exit 2) and nothing changes', async () => {
    await refused('delete from hostaway.accounts', /only reads: cannot execute DELETE/);
    await refused("update hostaway.accounts set client_secret = 'stolen'", /only reads/);
    await refused(
      "insert into hostaway.accounts (account_id, customer_id, client_secret) values (1, gen_random_uuid(), 'x')",
      /only reads/,
    );
    await refused('create table hostaway.scratch (a int)', /only reads/);
    await refused('drop view hostaway.reservation_summary', /only reads/);
    await refused(
      'with gone as (delete from hostaway.accounts returning *) select * from gone',
      /only reads/,
    );
    const { rows } = await test.db.query<{ n: number; secret: string }>(
      'SELECT count(*)::int AS n, min(client_secret) AS secret FROM hostaway.accounts',
    );
    assert.deepEqual(rows[0], { n: 1, secret: 'secret' });
  });

  it('refuses several statements, even one that would end the read-only transaction first', async () => {
    await refused('select 1; select 2', /one statement at a time/);
    await refused('commit; delete from hostaway.accounts', /one statement at a time/);
    const { rows } = await test.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hostaway.accounts');
    assert.equal(rows[0]!.n, 1);
  });

  it('a statement that ends the transaction itself changes nothing, and the session stays usable', async () => {
    assert.deepEqual((await runReadOnlyQuery(test.db, 'commit')).rows, []);
    const after = await runReadOnlyQuery(test.db, 'select count(*) from hostaway.accounts');
    assert.deepEqual(after.rows, [['1']]);
  });

  it('explains empty queries, syntax errors and unknown tables in one line with a hint', async () => {
    await refused('  -- nothing\n ;', /the query is empty/);
    await refused('selec 1', /query failed: syntax error/);
    await assert.rejects(runReadOnlyQuery(test.db, 'select * from reservations'), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.hint ?? '', /schema hostaway/);
      return true;
    });
  });
});
