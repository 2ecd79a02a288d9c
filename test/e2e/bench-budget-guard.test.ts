import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { checkBudgets, describeOverrun } from '../../bench/budgets.js';
import { createCliAccount, type CliAccount } from '../../bench/cli-account.js';
import { createCounterReader } from '../../bench/database-counters.js';
import { runReadings } from '../../bench/fixed-figures.js';
import { createServerDatabase } from '../../bench/server-database.js';
import { startSimulatorProcess, type SimulatorProcess } from '../../bench/simulator-process.js';
import { testServerUrl } from '../helpers/database.js';

const server = testServerUrl();

/** Runs `statements` one by one (autocommit) in a Node process of its own connected to `url`. */
async function runStatements(url: string, statements: string[]): Promise<void> {
  const script = `import pg from 'pg';
const client = new pg.Client(${JSON.stringify(url)});
await client.connect();
for (const s of ${JSON.stringify(statements)}) await client.query(s);
await client.end();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(code, 0);
}

describe('bench counters and budgets (PostgreSQL server, built CLI)', { skip: server === undefined }, () => {
  it('counts exactly the transactions, rows and WAL of the measured process, not another database’s', async () => {
    const ours = await createServerDatabase(server!);
    const other = await createServerDatabase(server!);
    try {
      await ours.db.query('CREATE TABLE hostaway.probe (id int PRIMARY KEY, v text)');
      await other.db.query('CREATE TABLE probe (id int PRIMARY KEY, v text)');
      await ours.release();
      const counters = await createCounterReader(server!, ours.name, ours.url);
      try {
        const before = await counters.before({ checkpoint: true });
        // Another database writes about 1 MB of WAL meanwhile: a shared server's other work.
        const noise = other.db.query(
          "INSERT INTO probe SELECT i, repeat('x', 200) FROM generate_series(1, 4000) AS i",
        );
        await runStatements(ours.url, [
          "INSERT INTO hostaway.probe VALUES (1, 'a'), (2, 'b')",
          "INSERT INTO hostaway.probe VALUES (3, 'c')",
          "UPDATE hostaway.probe SET v = 'z' WHERE id <= 2",
          'BEGIN',
          'SELECT 1',
          'ROLLBACK',
          'SELECT count(*) FROM hostaway.probe',
        ]);
        await noise;
        const delta = await counters.since(before);
        assert.equal(
          delta.transactions,
          6,
          "the session's start, insert, insert, update, the rolled-back one, select",
        );
        assert.deepEqual(delta.rowsWritten, { probe: 5 });
        assert.equal(delta.walScope, 'database');
        assert.ok(delta.walBytes > 0 && delta.walBytes < 64 * 1024, `WAL ${delta.walBytes}`);
      } finally {
        await counters.close();
      }
    } finally {
      await ours.drop();
      await other.drop();
    }
  });

  describe('a CLI run made expensive on purpose', () => {
    let simulator: SimulatorProcess;
    let account: CliAccount;
    before(async () => {
      // 250 conversations: 3 pages, so listing them all costs two requests more than an idle run.
      simulator = await startSimulatorProcess({ seed: 7, listings: 2, reservations: 250 });
      account = await createCliAccount(server!, simulator);
    });
    after(async () => {
      await account?.drop();
      simulator?.stop();
    });

    it('fails the budget check: an idle incremental that relists every conversation goes over its 4 requests', async () => {
      const id = String(account.accountId);
      const full = await account.measure(['sync', 'full', '--account', id]);
      const scale = { fullSyncRequests: full.apiRequests };
      const requestOverruns = (readings: ReturnType<typeof runReadings>) =>
        checkBudgets(readings, scale).filter((o) => o.figure === 'API requests');

      const idle = await account.measure(['sync', 'incremental', '--account', id]);
      assert.equal(idle.apiRequests, 4);
      assert.equal(idle.mirrorRowsWritten, 0);
      assert.deepEqual(requestOverruns(runReadings('idle incremental', idle)), []);

      const relisting = await account.measure(['sync', 'incremental', '--account', id], {
        env: { HOSTAWAY_CONVERSATION_RELIST_HOURS: '0' },
      });
      const overruns = requestOverruns(runReadings('idle incremental', relisting));
      assert.deepEqual(overruns.map(describeOverrun), [
        `idle incremental: API requests ${relisting.apiRequests} over its budget 4 (4)`,
      ]);
      assert.ok(relisting.apiRequests > 4);
    });
  });
});
