import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import {
  addFirstAccountWithCli,
  createCliEnvironment,
  type CliEnvironment,
} from '../helpers/cli-environment.js';
import { testBehindPooler, testServerUrl } from '../helpers/database.js';
import { holdTableLock } from '../helpers/held-lock.js';
import { SHORT_LEASE_ENV } from '../helpers/account-leases.js';
import { startSimulator } from '../helpers/hostaway.js';

function assertOneLineNoStack(stderr: string) {
  assert.doesNotMatch(stderr, /^\s+at /m, stderr);
}

describe(
  'every wait on the database is bounded',
  { skip: !testServerUrl() && 'needs a server database' },
  () => {
    let sim: Simulator;
    let cli: CliEnvironment;
    let env: Record<string, string>;

    before(async () => {
      sim = await startSimulator({ seed: 17, listings: 2, reservations: 20 });
      cli = await createCliEnvironment(sim);
      // A run that ends past the stop grace leaves its account lease until it expires: keep that short.
      env = { ...cli.env, ...SHORT_LEASE_ENV };
      await addFirstAccountWithCli(sim, env);
    });
    after(async () => {
      await sim.close();
      await cli.cleanup();
    });

    // Each wait of a sync before its passes, on a table another session holds exclusively (as a stuck
    // transaction of another process would): the stop cancels it, so the process ends on its own, not by
    // the stop grace's quit.
    /** Runs the CLI while another session holds `table`, sends SIGTERM once it waits, expects exit 143. */
    async function stopWhileWaitingOn(table: string, mode: 'ACCESS EXCLUSIVE' | 'EXCLUSIVE', argv: string[]) {
      const lock = await holdTableLock(env.DATABASE_URL!, table, mode);
      try {
        const run = startCli(argv, env);
        await lock.untilWaitedOn(() => run.child.exitCode !== null);
        assert.equal(run.child.exitCode, null, run.output.stderr);
        run.child.kill('SIGTERM');
        assert.equal(await run.exited, 143, run.output.stderr);
        return run;
      } finally {
        await lock.release();
      }
    }

    const PRE_PASS_WAITS = [
      { wait: 'the account list', table: 'sync_runs', args: ['sync', 'full', '--all'] },
      { wait: 'the sync_runs record', table: 'sync_runs', args: ['sync', 'full', '--account', 'ACCOUNT'] },
      { wait: 'the account lease', table: 'account_leases', args: ['sync', 'full', '--account', 'ACCOUNT'] },
      { wait: 'the due claim', table: 'account_leases', args: ['sync', 'incremental', '--due'] },
    ];
    for (const { wait, table, args } of PRE_PASS_WAITS) {
      it(
        `SIGTERM while ${wait} waits on a lock held on ${table}: the stop ends the wait, exit 143, one line`,
        { timeout: 60_000 },
        async () => {
          const accountId = String(sim.accounts[0]!.accountId);
          const argv = [...args.map((a) => (a === 'ACCOUNT' ? accountId : a)), '--json'];
          const run = await stopWhileWaitingOn(table, 'ACCESS EXCLUSIVE', argv);
          assert.doesNotMatch(run.output.stderr, /still waiting after/, run.output.stderr);
          // The one line about the stop is the warning that it stops; no quit after the grace.
          const lines = run.output.stderr.split('\n').filter((line) => line.includes('SIGTERM'));
          assert.equal(lines.length, 1, run.output.stderr);
          assertOneLineNoStack(run.output.stderr);
          const again = await runCli(['sync', 'full', '--all', '--json'], { env });
          assert.equal(again.code, 0, again.stderr);
        },
      );
    }

    it(
      'SIGTERM while a page waits on a lock held on its table: the stop cancels the wait, the run is recorded interrupted',
      { timeout: 60_000 },
      async () => {
        // Writes wait, reads pass: the sync gets to its reservations pass (listing accounts counts them).
        const run = await stopWhileWaitingOn('reservations', 'EXCLUSIVE', [
          'sync',
          'full',
          '--all',
          '--json',
        ]);
        // Ended by the stop, not by the grace's quit: the run finished and says so.
        assert.doesNotMatch(run.output.stderr, /still waiting after/, run.output.stderr);
        const summary = JSON.parse(run.output.stdout) as { accounts: { status: string }[] };
        assert.equal(summary.accounts[0]!.status, 'interrupted', run.output.stdout);
        assertOneLineNoStack(run.output.stderr);
        const again = await runCli(['sync', 'full', '--all', '--json'], { env });
        assert.equal(again.code, 0, again.stderr);
      },
    );

    it(
      'a lock held past DATABASE_LOCK_TIMEOUT_MS fails the run with exit 75 and one line',
      { timeout: 60_000 },
      async () => {
        const lock = await holdTableLock(env.DATABASE_URL!, 'sync_runs');
        const startedAt = Date.now();
        let result;
        try {
          result = await runCli(['sync', 'full', '--all'], {
            env: {
              ...env,
              DATABASE_LOCK_TIMEOUT_MS: '1000',
              ...(testBehindPooler() && { DATABASE_STATEMENT_TIMEOUT_MS: '2000' }),
            },
          });
        } finally {
          await lock.release();
        }
        assert.ok(Date.now() - startedAt < 15_000);
        if (testBehindPooler()) {
          // The pooler drops the session's bounds, so a statement outside a transaction waits until the
          // client stops waiting for its answer (statement timeout + 5 s): still one line, exit 69.
          assert.equal(result.code, 69, result.stderr);
          const failures = result.stderr.split('\n').filter((line) => line.includes('"level":"error"'));
          assert.equal(failures.length, 1, result.stderr);
        } else {
          assert.equal(result.code, 75, result.stderr);
          const failures = result.stderr.split('\n').filter((line) => line.includes('lock timeout'));
          assert.equal(failures.length, 1, result.stderr);
        }
        assertOneLineNoStack(result.stderr);
      },
    );
  },
);
