import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import {
  addFirstAccountWithCli,
  createCliEnvironment,
  type CliEnvironment,
} from '../helpers/cli-environment.js';
import { holdTableLock } from '../helpers/held-lock.js';
import { startSimulator } from '../helpers/hostaway.js';

describe('signals during a sync', () => {
  let sim: Simulator;
  let cli: CliEnvironment;
  let env: Record<string, string>;

  before(async () => {
    sim = await startSimulator({ seed: 9, listings: 3, reservations: 150 });
    cli = await createCliEnvironment(sim);
    env = cli.env;
    await addFirstAccountWithCli(sim, env);
  });
  after(async () => {
    await sim.close();
    await cli.cleanup();
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal}: finishes the page, records the run as interrupted, exits ${code}; the next run completes`, async () => {
      sim.injectFaults({ kind: 'slow', delayMs: 100, count: 100_000 });
      const run = startCli(['sync', 'full', '--all', '--json'], env);
      while (!run.output.stderr.includes('sync started') && run.child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      run.child.kill(signal);
      assert.equal(await run.exited, code, run.output.stderr);
      sim.clearFaults();
      const summary = JSON.parse(run.output.stdout) as { exitCode: number; accounts: { status: string }[] };
      assert.equal(summary.exitCode, code);
      assert.equal(summary.accounts[0]!.status, 'interrupted');
      const again = await runCli(['sync', 'full', '--all', '--json'], { env });
      assert.equal(again.code, 0, again.stderr);
      const list = JSON.parse((await runCli(['accounts', 'list', '--json'], { env })).stdout) as {
        counts: { reservations: number };
        lastRun: { status: string };
      }[];
      assert.equal(list[0]!.counts.reservations, 150);
      assert.equal(list[0]!.lastRun.status, 'succeeded');
    });
  }
});

describe('a sync stopped while it stores threads', () => {
  let sim: Simulator;
  let cli: CliEnvironment;

  before(async () => {
    sim = await startSimulator({ seed: 10, listings: 3, reservations: 250 });
    cli = await createCliEnvironment(sim);
    await addFirstAccountWithCli(sim, cli.env);
  });
  after(async () => {
    await sim.close();
    await cli.cleanup();
  });

  it('reports every row it stored before stopping, and lets a page being written finish', async () => {
    // Another session holds the thread table, so the first page's write is still running when the stop
    // comes; released a moment later, as a slow write would end. The stop must let it finish.
    const url = cli.env.DATABASE_URL;
    const lock = url ? await holdTableLock(url, 'messages', 'EXCLUSIVE') : undefined;
    const run = startCli(['sync', 'full', '--all', '--json'], cli.env);
    // A stop while the second page of threads is fetched, the first one written.
    sim.afterRequest({ pathPrefix: '/v1/conversations/', nth: 120 }, () => {
      run.child.kill('SIGINT');
      setTimeout(() => void lock?.release(), 300);
    });
    try {
      assert.equal(await run.exited, 130, run.output.stderr);
    } finally {
      await lock?.release();
    }
    const summary = JSON.parse(run.output.stdout) as {
      accounts: { status: string; resources: Record<string, { fetched: number; inserted: number }> }[];
    };
    const [account] = summary.accounts;
    assert.equal(account!.status, 'interrupted');
    const stored = await cli.withDb(async (db) => {
      const count = async (table: string) =>
        Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM hostaway.${table}`)).rows[0]!.n);
      return { reservations: await count('reservations'), threads: await count('messages') };
    });
    assert.ok(stored.threads >= 100 && stored.threads < 250, `${stored.threads} threads stored`);
    for (const [resource, rows] of Object.entries(stored)) {
      const result = account!.resources[resource]!;
      assert.equal(result.inserted, rows, `${resource} inserted`);
      assert.equal(result.fetched, rows, `${resource} fetched`);
    }
  });
});
