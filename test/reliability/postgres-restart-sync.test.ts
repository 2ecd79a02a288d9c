import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDatabase } from '../../src/db/database.js';
import { findReservationsWithStaleThreads } from '../../src/db/threads/stale-thread-reservations.js';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import { SHORT_LEASE_ENV, untilLeasesExpire } from '../helpers/account-leases.js';
import { startSimulator } from '../helpers/hostaway.js';
import { compareWithSimulator } from '../helpers/mirror-compare.js';
import { chooseSeed, createRandom } from '../helpers/prng.js';
import {
  addFirstAccountAndSyncWithCli,
  skipWithoutThrowawayPostgres,
  sleep,
  throwawayCliEnv,
} from '../helpers/throwaway-cli.js';
import { createThrowawayPostgres, type ThrowawayPostgres } from '../helpers/throwaway-postgres.js';
import { churnUpstream } from '../helpers/upstream-churn.js';

/** RELIABILITY_ITERATIONS=40 npm run soak runs longer; CI runs a few (each stops the server once). */
const ITERATIONS = Number(process.env.RELIABILITY_ITERATIONS ?? 4);
const unavailable = skipWithoutThrowawayPostgres('postgres-restart-sync');

describe('PostgreSQL stopped (immediate) in the middle of a sync', { skip: unavailable ?? false }, () => {
  const seed = chooseSeed();
  const random = createRandom(seed);
  let pg: ThrowawayPostgres;
  let sim: Simulator;
  let env: Record<string, string>;
  let accountId: number;
  /** Differences left after an incremental run right after an interrupted one and one sweep cycle. */
  const incrementalMisses: string[] = [];
  /** Reservations whose stored thread embeds another version of them after that first incremental run. */
  const staleThreads: string[] = [];
  let incrementalChecks = 0;

  const runStatuses = async () => {
    const db = await createDatabase({ url: pg.url(), poolSize: 1 });
    try {
      const { rows } = await db.query<{ status: string }>(
        'SELECT status FROM hostaway.sync_runs ORDER BY id',
      );
      return rows.map((r) => r.status);
    } finally {
      await db.close();
    }
  };
  const staleThreadReservations = async () => {
    const db = await createDatabase({ url: pg.url(), poolSize: 1 });
    try {
      return await findReservationsWithStaleThreads(db, accountId);
    } finally {
      await db.close();
    }
  };
  const compare = async () => {
    const db = await createDatabase({ url: pg.url(), poolSize: 1 });
    try {
      return await compareWithSimulator(db, sim, accountId);
    } finally {
      await db.close();
    }
  };

  before(async () => {
    pg = await createThrowawayPostgres();
    sim = await startSimulator({ seed: seed % 1000, listings: 8, reservations: 240 });
    // A run cut off from PostgreSQL cannot release its account lease: keep it short.
    env = { ...throwawayCliEnv(sim, pg), ...SHORT_LEASE_ENV };
    accountId = await addFirstAccountAndSyncWithCli(sim, env);
  });
  after(async () => {
    await sim?.close();
    await pg?.destroy();
  });

  it(`fails with exit 69 and one line, then the next run converges (${ITERATIONS} stops, seed ${seed}; replay with RELIABILITY_SEED=${seed})`, async (t) => {
    t.diagnostic(`seed ${seed}, throwaway cluster on port ${pg.port}`);
    let stopped = 0;
    let compared = 0;
    for (let i = 0; i < ITERATIONS; i += 1) {
      churnUpstream(sim, accountId, random);
      const mode = i % 2 === 0 ? 'full' : 'incremental';
      // ~40 ms per Hostaway request, so a full run lasts about 3 s and an incremental one about 1 s.
      sim.injectFaults({ kind: 'slow', delayMs: 40, count: 1_000_000 });
      const run = startCli(['sync', mode, '--all'], env);
      while (!run.output.stderr.includes('sync started') && run.child.exitCode === null) await sleep(10);
      await sleep(100 + random() * (mode === 'full' ? 1500 : 400));
      const before = await runStatuses();
      const stillRunning = run.child.exitCode === null;
      if (stillRunning) await pg.stop({ mode: 'immediate' });
      const code = await run.exited;
      sim.clearFaults();
      const stderr = run.output.stderr;
      if (stillRunning && code !== 0) {
        stopped += 1;
        assert.equal(code, 69, `exit code after the server stopped (${mode}):\n${stderr}`);
        assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace');
        const lines = stderr.trim().split('\n');
        for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `one JSON line each: ${line}`);
        const failed = lines
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find((r) => r.msg === 'sync failed');
        assert.ok(failed, `a 'sync failed' line:\n${stderr}`);
        assert.match(String(failed.err), /^cannot use PostgreSQL 127\.0\.0\.1:\d+\/postgres: /);
        assert.equal(failed.exitCode, 69);
      } else {
        assert.equal(code, 0, stderr);
      }
      await pg.start();
      const db = await createDatabase({ url: pg.url(), poolSize: 1 });
      await untilLeasesExpire(db).finally(() => db.close());
      const next = await runCli(['sync', mode, '--all', '--json'], { env });
      assert.equal(
        next.code,
        0,
        `the run after the restart (${mode}) succeeds, not skipped:\n${next.stderr}`,
      );
      const summary = JSON.parse(next.stdout) as { accounts: { status: string }[] };
      assert.deepEqual(
        summary.accounts.map((a) => a.status),
        ['succeeded'],
      );
      const statuses = await runStatuses();
      assert.ok(!statuses.includes('running'), `no run left 'running': ${statuses.join(',')}`);
      if (stillRunning && code !== 0 && statuses.length > before.length + 1) {
        // The stopped run had recorded itself: the next run marked it interrupted.
        assert.equal(statuses[before.length], 'interrupted', statuses.join(','));
      }
      if (mode === 'incremental') {
        incrementalChecks += 1;
        const stale = await staleThreadReservations();
        staleThreads.push(...stale.map((r) => `stop ${i + 1}: reservation ${r.id}`));
        // Guest messages of the churn leave their conversations in place: the rolling sweep reaches each
        // page within one cycle of idle incremental runs (the head reads page 0, one page per run after it).
        const pages = Math.ceil(sim.listConversations(accountId).length / 100);
        for (let run = 1; run < pages; run += 1) {
          const idle = await runCli(['sync', 'incremental', '--all'], { env });
          assert.equal(idle.code, 0, idle.stderr);
        }
      }
      let comparison = await compare();
      if (mode === 'incremental' && comparison.differences.length > 0) {
        // Must not happen (asserted below); a full run must then converge.
        incrementalMisses.push(...comparison.differences.map((d) => `stop ${i + 1}: ${d}`));
        const full = await runCli(['sync', 'full', '--all'], { env });
        assert.equal(full.code, 0, full.stderr);
        comparison = await compare();
      }
      assert.deepEqual(comparison.differences, [], `after the ${mode} run that followed stop ${i + 1}`);
      compared += comparison.compared;
    }
    const statuses = await runStatuses();
    const interrupted = statuses.filter((s) => s === 'interrupted').length;
    t.diagnostic(
      `server stopped during ${stopped} of ${ITERATIONS} runs; runs recorded interrupted: ${interrupted}; objects compared ${compared}; lost 0; incremental-after-interruption differences ${incrementalMisses.length}, stale threads ${staleThreads.length}`,
    );
    assert.ok(stopped >= 1, 'at least one run was cut off by the stop');
  });

  // An interrupted run may have written changed reservations but not their threads; the next incremental
  // run sees those reservations unchanged, so the threads pass treats the reservations whose stored thread
  // embeds another version of them (findReservationsWithStaleThreads) as changed in this run.
  it('an incremental run right after an interrupted one leaves no thread behind its reservation', () => {
    assert.ok(incrementalChecks >= 1, 'at least one incremental run followed a stop');
    assert.deepEqual(staleThreads, []);
  });

  // Without a full sync: what the first incremental run did not reach (guest messages deep in the list) the
  // rolling sweep reaches within one cycle.
  it('incremental runs alone converge within one sweep cycle after an interrupted run', () => {
    assert.deepEqual(incrementalMisses, []);
  });
});
