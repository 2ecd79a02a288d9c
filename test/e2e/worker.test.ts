import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import {
  addFirstAccountWithCli,
  createCliEnvironment,
  type CliEnvironment,
} from '../helpers/cli-environment.js';
import { startWorkerCli } from '../helpers/cli-server.js';
import { startSimulator } from '../helpers/hostaway.js';
import { sleep } from '../helpers/sleep.js';

/** Upper bound on a drain in these tests (the stop grace is 5 s): a bound on waiting, not a speed check. */
const DRAIN_BOUND_MS = 15_000;

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
};

/** The value of one series in a /metrics body (undefined when absent). */
const sample = (body: string, series: string) => {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

/** Scrapes until `done` holds for the body (bounded), and returns that body. */
async function scrapeUntil(url: string, done: (body: string) => boolean): Promise<string> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const { body } = await get(`${url}/metrics`);
    if (done(body)) return body;
    await sleep(100);
  }
  assert.fail(`/metrics never showed what was awaited:\n${(await get(`${url}/metrics`)).body}`);
}

/** Waits for the exit, at most `DRAIN_BOUND_MS`. */
const exitWithin = (exited: Promise<number | null>) =>
  Promise.race([exited, sleep(DRAIN_BOUND_MS).then(() => 'still running' as const)]);

describe('worker', () => {
  let sim: Simulator;
  let cli: CliEnvironment;
  let env: Record<string, string>;
  let accountIds: number[];

  before(async () => {
    sim = await startSimulator({ seed: 12, accounts: 2, listings: 2, reservations: 12 });
    cli = await createCliEnvironment(sim);
    env = { ...cli.env, HOSTAWAY_SYNC_CONCURRENCY: '2', HOSTAWAY_RATE_LIMIT_WINDOW_MS: '1000' };
    await addFirstAccountWithCli(sim, env);
    const second = sim.accounts[1]!;
    const add = await runCli(
      [
        'accounts',
        'add',
        '--account-id',
        String(second.accountId),
        '--customer-id',
        '5a1c7f62-2f0e-4c55-9c1e-3e8d2b7a9f10',
        '--client-secret-stdin',
      ],
      { env, stdin: second.clientSecret },
    );
    assert.equal(add.code, 0, add.stderr);
    accountIds = sim.accounts.map((a) => a.accountId);
  });
  after(async () => {
    await sim.close();
    await cli.cleanup();
  });

  const leasesLeft = () =>
    cli.withDb(async (db) => {
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM hostaway.account_leases');
      return Number(rows[0]!.n);
    });

  it('syncs every due account, serves /healthz /readyz /metrics, exits 143 on SIGTERM with no lease held', async () => {
    const worker = await startWorkerCli([], env);
    const succeeded = 'hostaway_worker_runs_total{status="succeeded"}';
    await scrapeUntil(worker.url, (b) => sample(b, succeeded) === 2);
    // The fleet's rows are read afresh by each scrape: one that starts after both runs ended shows both.
    const body = (await get(`${worker.url}/metrics`)).body;
    assert.equal(sample(body, succeeded), 2);
    for (const id of accountIds)
      assert.equal(sample(body, `hostaway_account_healthy{account="${id}",pool="default"}`), 1, body);
    assert.equal(sample(body, 'hostaway_worker_runs_total{status="failed"}'), 0);
    assert.equal(sample(body, 'hostaway_worker_live'), 1);
    const health = await get(`${worker.url}/healthz`);
    assert.deepEqual([health.status, JSON.parse(health.body)], [200, { live: true, status: 'ok' }]);
    assert.equal((await get(`${worker.url}/readyz`)).status, 200);

    worker.child.kill('SIGTERM');
    assert.equal(await exitWithin(worker.exited), 143, worker.rawLines.join('\n'));
    assert.equal(await leasesLeft(), 0);
    // `status` agrees with /metrics: both accounts healthy, their last run succeeded.
    const status = await runCli(['status', '--json'], { env });
    assert.equal(status.code, 0, status.stderr);
    const report = JSON.parse(status.stdout) as { accounts: { accountId: number; healthy: boolean }[] };
    assert.deepEqual(
      report.accounts.map((a) => [a.accountId, a.healthy]),
      accountIds.map((id) => [id, true]),
    );
  });

  it('SIGTERM mid-run: runs stop after their page, are recorded interrupted, leases go back; exit 143', async () => {
    // Reconcile has never run, so both accounts are due; slow answers keep their runs going.
    sim.injectFaults({ kind: 'slow', delayMs: 150, count: 100_000 });
    const worker = await startWorkerCli(['--mode', 'reconcile'], env);
    try {
      await scrapeUntil(worker.url, (b) => sample(b, 'hostaway_worker_runs_in_progress') === 2);
      worker.child.kill('SIGTERM');
      assert.equal(await exitWithin(worker.exited), 143, worker.rawLines.join('\n'));
    } finally {
      sim.clearFaults();
      await worker.stop();
    }
    assert.equal(await leasesLeft(), 0);
    const runs = await cli.withDb(async (db) => {
      const { rows } = await db.query<{ status: string }>(
        "SELECT status FROM hostaway.sync_runs WHERE mode = 'reconcile' ORDER BY account_id",
      );
      return rows.map((r) => r.status);
    });
    assert.deepEqual(runs, ['interrupted', 'interrupted']);
    const stopped = worker.logs.find((l) => l.msg === 'worker stopped') as { finished?: object } | undefined;
    assert.deepEqual(stopped?.finished, {
      succeeded: 0,
      partial: 0,
      failed: 0,
      skipped: 0,
      interrupted: 2,
    });
  });
});
