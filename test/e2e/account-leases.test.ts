import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import {
  addFirstAccountWithCli,
  createCliEnvironment,
  type CliEnvironment,
} from '../helpers/cli-environment.js';
import { testServerUrl } from '../helpers/database.js';
import { SHORT_LEASE_ENV, untilLeasesExpire } from '../helpers/account-leases.js';
import { startSimulator } from '../helpers/hostaway.js';
import { sleep } from '../helpers/sleep.js';

interface Summary {
  exitCode: number;
  accounts: { status: string; error?: { code: string; exitCode: number } }[];
}

// Server only: the test reads and edits the lease table while a CLI process runs (the embedded database
// admits one process at a time). CI runs it directly and behind PgBouncer in transaction mode.
describe('account leases across processes', { skip: testServerUrl() === undefined }, () => {
  let sim: Simulator;
  let cli: CliEnvironment;
  let env: Record<string, string>;
  let accountId: number;

  const leases = () =>
    cli.withDb(
      async (db) => (await db.query<{ owner: string }>('SELECT owner FROM hostaway.account_leases')).rows,
    );
  /** Starts a slow `sync full` of the account and resolves once its run has started (its lease taken). */
  const startSlowRun = async () => {
    sim.injectFaults({ kind: 'slow', delayMs: 200, count: 100_000 });
    const run = startCli(['sync', 'full', '--account', String(accountId), '--json'], env);
    while (!run.output.stderr.includes('sync started') && run.child.exitCode === null) await sleep(50);
    while ((await leases()).length === 0 && run.child.exitCode === null) await sleep(50);
    return run;
  };
  const syncIncremental = async () => {
    const result = await runCli(['sync', 'incremental', '--account', String(accountId), '--json'], { env });
    return { ...result, summary: JSON.parse(result.stdout) as Summary };
  };

  before(async () => {
    sim = await startSimulator({ seed: 12, listings: 2, reservations: 40 });
    cli = await createCliEnvironment(sim);
    env = { ...cli.env, ...SHORT_LEASE_ENV };
    accountId = await addFirstAccountWithCli(sim, env);
  });
  after(() => Promise.all([sim.close(), cli.cleanup()]));

  it('a run releases its lease when it ends, so the next run is never skipped', async () => {
    for (let i = 0; i < 2; i += 1) {
      const { code, stderr, summary } = await syncIncremental();
      assert.equal(code, 0, stderr);
      assert.equal(summary.accounts[0]!.status, 'succeeded');
      assert.deepEqual(await leases(), [], 'no lease left behind');
    }
  });

  it('a SIGKILLed holder keeps the account only until its lease expires; then the next run proceeds', async () => {
    const run = startSlowRun();
    const { child, exited } = await run;
    child.kill('SIGKILL');
    await exited;
    sim.clearFaults();
    const [left] = await leases();
    assert.ok(left?.owner.includes(`:${child.pid}:`), `the killed process's lease stays: ${left?.owner}`);
    // Expiry is the database's clock: wait for it there rather than for a duration here.
    await cli.withDb(untilLeasesExpire);
    const { code, stderr, summary } = await syncIncremental();
    assert.equal(code, 0, stderr);
    assert.equal(summary.accounts[0]!.status, 'succeeded');
    assert.deepEqual(await leases(), []);
  });

  it('a run whose lease is taken over stops after its page with exit 75 and one line', async () => {
    const { child, output, exited } = await startSlowRun();
    // As if the lease had expired and another process had claimed the account.
    await cli.withDb((db) => db.query(`UPDATE hostaway.account_leases SET owner = 'another-process'`));
    assert.equal(await exited, 75, output.stderr);
    sim.clearFaults();
    assert.equal(child.signalCode, null);
    const summary = JSON.parse(output.stdout) as Summary;
    assert.equal(summary.accounts[0]!.status, 'failed');
    const { error } = summary.accounts[0]!;
    assert.deepEqual([error?.code, error?.exitCode], ['LEASE_LOST', 75]);
    assert.match(output.stderr, /lost its lease \(another process took it over after it expired\)/);
    assert.deepEqual(
      (await leases()).map((l) => l.owner),
      ['another-process'],
      "the stopped run leaves the new holder's lease alone",
    );
    await cli.withDb((db) => db.query('DELETE FROM hostaway.account_leases'));
  });
});
