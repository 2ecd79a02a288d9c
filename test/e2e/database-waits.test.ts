import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
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

/** A second session holding `sync_runs` exclusively, as a stuck transaction of another process would. */
async function holdSyncRunsLock(url: string): Promise<pg.Client> {
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('LOCK TABLE hostaway.sync_runs IN ACCESS EXCLUSIVE MODE');
  return holder;
}

/** Resolves once a hostaway-sync session of this database waits on a lock. */
async function untilBlocked(holder: pg.Client, exited: () => boolean): Promise<void> {
  for (;;) {
    // Inside the holder's transaction the activity view would stay as first read.
    await holder.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await holder.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'hostaway-sync' AND wait_event_type = 'Lock'`,
    );
    if (rows[0]!.n > 0 || exited()) return;
    await sleep(50);
  }
}

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

    it(
      'SIGTERM while a sync waits on a lock held elsewhere: exits 143 within seconds, one line',
      { timeout: 60_000 },
      async () => {
        const holder = await holdSyncRunsLock(env.DATABASE_URL!);
        try {
          const run = startCli(['sync', 'full', '--all', '--json'], env);
          await untilBlocked(holder, () => run.child.exitCode !== null);
          assert.equal(run.child.exitCode, null, run.output.stderr);
          const signalledAt = Date.now();
          run.child.kill('SIGTERM');
          assert.equal(await run.exited, 143, run.output.stderr);
          const tookMs = Date.now() - signalledAt;
          assert.ok(tookMs < 8_000, `exited ${tookMs} ms after SIGTERM`);
          const lines = run.output.stderr
            .split('\n')
            .filter((line) => line.includes('interrupted by SIGTERM'));
          assert.equal(lines.length, 1, run.output.stderr);
          assertOneLineNoStack(run.output.stderr);
        } finally {
          await holder.end();
        }
        await cli.withDb(untilLeasesExpire);
        const again = await runCli(['sync', 'full', '--all', '--json'], { env });
        assert.equal(again.code, 0, again.stderr);
      },
    );

    it(
      'a lock held past DATABASE_LOCK_TIMEOUT_MS fails the run with exit 75 and one line',
      { timeout: 60_000 },
      async () => {
        const holder = await holdSyncRunsLock(env.DATABASE_URL!);
        const startedAt = Date.now();
        let result;
        try {
          result = await runCli(['sync', 'full', '--all'], {
            env: { ...env, DATABASE_LOCK_TIMEOUT_MS: '1000' },
          });
        } finally {
          await holder.end();
        }
        assert.equal(result.code, 75, result.stderr);
        assert.ok(Date.now() - startedAt < 15_000);
        const failures = result.stderr.split('\n').filter((line) => line.includes('lock timeout'));
        assert.equal(failures.length, 1, result.stderr);
        assertOneLineNoStack(result.stderr);
      },
    );
  },
);
