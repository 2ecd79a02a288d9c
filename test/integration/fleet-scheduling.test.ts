import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getAccount, updateAccount } from '../../src/db/accounts/accounts-repo.js';
import { listPoolStatus } from '../../src/db/sql/pool-status.js';
import type { Simulator } from '../../src/simulator/index.js';
import { claimDueAccount } from '../../src/db/sql/claim-due-account.js';
import { takeAccountLease } from '../../src/sync/account-lease-keeper.js';
import { runDueAccounts } from '../../src/sync/run-due.js';
import { createSilentLogger } from '../../src/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { countTransactions } from '../helpers/shared-budget.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';

/** Per pool: its active accounts and those overdue for an incremental run. */
const poolsOf = (db: TestDatabase['db']) => listPoolStatus(db, { limit: 1, windowMs: 1 });

describe('fleet scheduling: workers claim the most overdue accounts of their pool', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let ids: number[];

  before(async () => {
    sim = await startSimulator({ seed: 8, accounts: 6, listings: 2, reservations: 20 });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
    ids = sim.accounts.map((a) => a.accountId);
    for (const id of ids.slice(4)) await updateAccount(t.db, id, { egressPool: 'east' });
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  const due = (engine: ReturnType<typeof createTestEngine>, pool: string) =>
    runDueAccounts(
      { db: t.db, engine, logger: createSilentLogger() },
      { mode: 'incremental', pool, accountCadenceMs: 60_000, until: Date.now() + 60_000, workers: 2 },
    );

  it('runs each due account of the pool once, even with two processes claiming at the same time', async () => {
    const engineA = createTestEngine(t.db, createTestClient(sim.baseUrl));
    const engineB = createTestEngine(t.db, createTestClient(sim.baseUrl));
    const [a, b] = await Promise.all([due(engineA, 'default'), due(engineB, 'default')]);
    const ran = [...a, ...b].map((r) => r.accountId).sort();
    assert.deepEqual(ran, ids.slice(0, 4), 'the four default-pool accounts, each exactly once');
    assert.ok([...a, ...b].every((r) => r.status === 'succeeded'));
    const pools = await poolsOf(t.db);
    assert.deepEqual(
      pools.map((p) => [p.pool, p.accounts, p.incrementalDue]),
      [
        ['default', 4, 0],
        ['east', 2, 2],
      ],
      'the default pool is scheduled a cadence ahead; the east pool is untouched',
    );
  });

  it('claims nothing until an account is due again, then only that one', async () => {
    const engine = createTestEngine(t.db, createTestClient(sim.baseUrl));
    assert.deepEqual(await due(engine, 'default'), []);
    await t.db.query(
      `UPDATE hostaway.accounts SET incremental_due_at = now() - interval '1 hour' WHERE account_id = $1`,
      [ids[2]],
    );
    await t.db.query(
      `UPDATE hostaway.accounts SET incremental_due_at = now() - interval '2 hours' WHERE account_id = $1`,
      [ids[1]],
    );
    const results = await runDueAccounts(
      { db: t.db, engine, logger: createSilentLogger() },
      {
        mode: 'incremental',
        pool: 'default',
        accountCadenceMs: 60_000,
        until: Date.now() + 60_000,
        workers: 1,
      },
    );
    assert.deepEqual(
      results.map((r) => r.accountId),
      [ids[1], ids[2]].sort(),
    );
    const { rows } = await t.db.query<{ dueInS: number }>(
      `SELECT extract(epoch FROM incremental_due_at - now())::float AS "dueInS"
       FROM hostaway.accounts WHERE account_id = $1`,
      [ids[1]],
    );
    assert.ok(
      rows[0]!.dueInS > 50 && rows[0]!.dueInS <= 60,
      `next run one cadence ahead (${rows[0]!.dueInS} s)`,
    );
  });

  it('with wait, claims an account that falls due while it waits, then stops at its deadline', async () => {
    const engine = createTestEngine(t.db, createTestClient(sim.baseUrl));
    await t.db.query(
      `UPDATE hostaway.accounts SET incremental_due_at = now() + interval '1 hour' WHERE egress_pool = 'default'`,
    );
    await t.db.query(
      `UPDATE hostaway.accounts SET incremental_due_at = now() + interval '700 milliseconds' WHERE account_id = $1`,
      [ids[3]],
    );
    const started = Date.now();
    const options = { mode: 'incremental' as const, pool: 'default', accountCadenceMs: 60_000, workers: 2 };
    const deps = { db: t.db, engine, logger: createSilentLogger() };
    // Without wait nothing is due yet: it returns at once.
    assert.deepEqual(await runDueAccounts(deps, { ...options, until: started + 3000 }), []);
    const results = await runDueAccounts(deps, { ...options, until: started + 3000, wait: true });
    assert.deepEqual(
      results.map((r) => [r.accountId, r.status]),
      [[ids[3], 'succeeded']],
    );
    assert.ok(Date.now() >= started + 3000, 'it waited until its deadline for more');
  });

  it("a process's idle workers wait for the next due account in turn: one statement per wake-up, not one per worker", async () => {
    await t.db.query(
      `UPDATE hostaway.accounts SET incremental_due_at = now() + interval '1 hour' WHERE egress_pool = 'default'`,
    );
    await t.db.query(
      `UPDATE hostaway.accounts SET incremental_due_at = now() + interval '300 milliseconds' WHERE account_id = $1`,
      [ids[1]],
    );
    const counted = countTransactions(t.db);
    const engine = createTestEngine(t.db, createTestClient(sim.baseUrl));
    const results = await runDueAccounts(
      { db: counted.db, engine, logger: createSilentLogger() },
      {
        mode: 'incremental',
        pool: 'default',
        accountCadenceMs: 60_000,
        workers: 4,
        until: Date.now() + 1000,
        wait: true,
      },
    );
    assert.deepEqual(
      results.map((r) => [r.accountId, r.status]),
      [[ids[1], 'succeeded']],
    );
    // The claim that finds nothing due (it says when the next is), the one that claims the account at its
    // due time, and one more finding the next an hour away; the worker waiting then holds the turn until
    // the deadline. (Each of four workers asking on its own took 11 here.)
    assert.ok(counted.count() <= 3, `${counted.count()} statements`);
  });

  it('two waiting processes on one pool run an account that falls due exactly once', async () => {
    await t.db.query(
      `UPDATE hostaway.accounts SET incremental_due_at = now() + interval '1 hour' WHERE egress_pool = 'default'`,
    );
    await t.db.query(
      `UPDATE hostaway.accounts SET incremental_due_at = now() + interval '500 milliseconds' WHERE account_id = $1`,
      [ids[0]],
    );
    const until = Date.now() + 2500;
    const waiting = (engine: ReturnType<typeof createTestEngine>) =>
      runDueAccounts(
        { db: t.db, engine, logger: createSilentLogger() },
        { mode: 'incremental', pool: 'default', accountCadenceMs: 60_000, workers: 2, until, wait: true },
      );
    const [a, b] = await Promise.all([
      waiting(createTestEngine(t.db, createTestClient(sim.baseUrl))),
      waiting(createTestEngine(t.db, createTestClient(sim.baseUrl))),
    ]);
    assert.deepEqual(
      [...a, ...b].map((r) => [r.accountId, r.status]),
      [[ids[0], 'succeeded']],
    );
  });

  it('stops claiming once its time is up', async () => {
    await t.db.query(`UPDATE hostaway.accounts SET incremental_due_at = now() - interval '1 minute'`);
    const engine = createTestEngine(t.db, createTestClient(sim.baseUrl));
    const results = await runDueAccounts(
      { db: t.db, engine, logger: createSilentLogger() },
      { mode: 'incremental', pool: 'east', accountCadenceMs: 60_000, until: Date.now() - 1, workers: 2 },
    );
    assert.deepEqual(results, []);
    assert.equal((await poolsOf(t.db)).find((p) => p.pool === 'east')!.incrementalDue, 2);
  });

  it('skips an account another run holds the lease of; it stays due', async () => {
    await t.db.query(
      `UPDATE hostaway.accounts SET incremental_due_at = now() - interval '1 minute' WHERE egress_pool = 'default'`,
    );
    // As if `sync incremental --account` were running it in another process.
    const held = await takeAccountLease(t.db, {
      accountId: ids[0]!,
      leaseMs: 60_000,
      logger: createSilentLogger(),
    });
    assert.ok(held);
    try {
      const results = await due(createTestEngine(t.db, createTestClient(sim.baseUrl)), 'default');
      assert.deepEqual(
        results.map((r) => [r.accountId, r.status]),
        ids.slice(1, 4).map((id) => [id, 'succeeded']),
      );
      const { rows } = await t.db.query<{ accountId: number }>(
        'SELECT account_id AS "accountId" FROM hostaway.account_leases',
      );
      assert.deepEqual(
        rows.map((r) => Number(r.accountId)),
        [ids[0]],
        'claimed runs released their leases',
      );
    } finally {
      await held.release();
    }
    assert.equal((await poolsOf(t.db)).find((p) => p.pool === 'default')!.incrementalDue, 1);
  });

  it("the claim returns the account's row as the run would read it", async () => {
    await t.db.query(
      `UPDATE hostaway.accounts SET incremental_due_at = now() + interval '1 hour' WHERE egress_pool = 'default'`,
    );
    await t.db.query(
      `UPDATE hostaway.accounts SET incremental_due_at = now() - interval '1 minute' WHERE account_id = $1`,
      [ids[2]],
    );
    const claim = await claimDueAccount(t.db, {
      pool: 'default',
      mode: 'incremental',
      dueLeaseMs: 60_000,
      owner: 'claim',
      accountLeaseMs: 60_000,
    });
    assert.ok('account' in claim);
    assert.deepEqual(claim.account, await getAccount(t.db, ids[2]!));
    await t.db.query('DELETE FROM hostaway.account_leases WHERE account_id = $1', [ids[2]]);
  });

  it(
    'a lease taken after the claim chose its account: the claim writes nothing and tries the next',
    { skip: !process.env['TEST_DATABASE_URL'] && 'needs a server database (two sessions)' },
    async () => {
      await t.db.query(
        `UPDATE hostaway.accounts SET incremental_due_at = now() + interval '1 hour' WHERE egress_pool = 'default'`,
      );
      await t.db.query(
        `UPDATE hostaway.accounts SET incremental_due_at = now() - interval '1 minute' WHERE account_id = $1`,
        [ids[0]],
      );
      // An expired lease of a dead holder: the claim may take it over.
      await t.db.query(
        `INSERT INTO hostaway.account_leases (account_id, owner, expires_at) VALUES ($1, 'dead', now() - interval '1 minute')`,
        [ids[0]],
      );
      await t.db.withSession(async (other) => {
        // Another process takes it over first, not yet committed: the claim chooses the account, then waits.
        await other.query('BEGIN');
        await other.query(
          `UPDATE hostaway.account_leases SET owner = 'other', expires_at = now() + interval '1 minute'
           WHERE account_id = $1`,
          [ids[0]],
        );
        const claiming = claimDueAccount(t.db, {
          pool: 'default',
          mode: 'incremental',
          dueLeaseMs: 60_000,
          owner: 'claim',
          accountLeaseMs: 60_000,
        });
        let waited = false;
        for (let i = 0; i < 200 && !waited; i += 1) {
          const { rows } = await t.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE wait_event_type = 'Lock' AND query LIKE '%account_leases%' AND datname = current_database()`,
          );
          waited = rows[0]!.n > 0;
          if (!waited) await new Promise((resolve) => setTimeout(resolve, 25));
        }
        await other.query('COMMIT');
        assert.ok(waited, 'the claim waited for the other takeover');
        const claim = await claiming;
        assert.ok('nextDueInMs' in claim, 'the only due account is held: nothing is claimed');
        // The held account is left out: the next one is due in an hour.
        assert.ok(
          claim.nextDueInMs! > 3_500_000 && claim.nextDueInMs! <= 3_600_000,
          String(claim.nextDueInMs),
        );
      });
      const { rows } = await t.db.query<{ owner: string; due: boolean }>(
        `SELECT l.owner, a.incremental_due_at <= now() AS due
         FROM hostaway.accounts a JOIN hostaway.account_leases l USING (account_id) WHERE account_id = $1`,
        [ids[0]],
      );
      assert.deepEqual(
        rows,
        [{ owner: 'other', due: true }],
        "the lease stays the other's; the account stays due",
      );
      await t.db.query('DELETE FROM hostaway.account_leases WHERE account_id = $1', [ids[0]]);
    },
  );
});
