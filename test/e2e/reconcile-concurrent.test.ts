import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ServedResponse, Simulator } from '../../src/simulator/index.js';
import type { RunResult } from '../../src/sync/types.js';
import { runCli, startCli } from '../helpers/cli.js';
import { createCliEnvironment, type CliEnvironment } from '../helpers/cli-environment.js';
import { testServerUrl } from '../helpers/database.js';
import { startGateProxy } from '../helpers/gate-proxy.js';
import { startSimulator } from '../helpers/hostaway.js';
import { compareWithSimulator, findWronglyDeleted } from '../helpers/mirror-compare.js';
import { sleep } from '../helpers/sleep.js';

type Summary = { exitCode: number; accounts: RunResult[] };

const pageIds = (served: ServedResponse) =>
  (served.body as { result: { id: number }[] }).result.map((item) => Number(item.id));

/** Polls until `check` holds; fails the test after `limitMs` instead of hanging it. */
async function until(what: string, check: () => Promise<boolean> | boolean, limitMs = 30_000) {
  for (const start = Date.now(); !(await check()); await sleep(25))
    if (Date.now() - start > limitMs) assert.fail(`timed out waiting for ${what}`);
}

/**
 * Two built-CLI processes reconciling at the same moment on one server database. A gate proxy in front of
 * the simulator holds every Hostaway request until the test opens it, so the process that took an
 * account's lock provably still holds it while the other one tries (no timing involved). Page hooks change
 * the lists between pages of the pass that runs.
 */
describe(
  'sync reconcile in two processes at once',
  { skip: !testServerUrl() && 'two processes need a server database' },
  () => {
    let sim: Simulator;
    let cli: CliEnvironment;
    let a: number;
    let b: number;

    const addAccount = async (accountId: number) => {
      const { clientSecret } = sim.accounts.find((x) => x.accountId === accountId)!;
      const args = ['accounts', 'add', '--account-id', String(accountId), '--customer-id', randomUUID()];
      const add = await runCli([...args, '--client-secret-stdin', '--no-verify'], {
        env: cli.env,
        stdin: clientSecret,
      });
      assert.equal(add.code, 0, add.stderr);
    };
    const runningRuns = () =>
      cli.withDb(async (db) => {
        const { rows } = await db.query<{ account_id: number }>(
          "SELECT account_id FROM hostaway.sync_runs WHERE status = 'running' ORDER BY account_id",
        );
        return rows.map((r) => Number(r.account_id));
      });
    /** Changes account `accountId`'s lists between the pages of the next pass over it. */
    const churnBetweenPages = (accountId: number) => {
      // A listing of the first page deleted after it went out: the offsets shift, so the first live listing
      // of the second page is never served in this pass (it must not be marked deleted).
      const shifted = Number(sim.listListings(accountId)[2]!.id);
      // A listing of the second page deleted before it is served: Hostaway confirms it gone (404).
      const unseen = Number(sim.listListings(accountId)[120]!.id);
      sim.afterRequest({ accountId, path: '/v1/listings' }, (s) => {
        s.deleteListing(accountId, shifted);
        s.deleteListing(accountId, unseen);
      });
      // The afterId cursor row of the first reservations page updated: it jumps to the front.
      const stale = { listing: shifted, reservation: 0 };
      sim.afterRequest({ accountId, path: '/v1/reservations' }, (s, served) => {
        stale.reservation = pageIds(served).at(-1)!;
        s.updateReservation(accountId, stale.reservation, { hostNote: 'changed mid-pass' });
      });
      return stale;
    };
    /** One process has ended (skipped) while the run of account `a` is open in the other. */
    const oneSkippedWhileARuns = async (exited: (number | null | undefined)[]) =>
      exited.some((code) => code !== undefined) && (await runningRuns()).includes(a);
    /** Starts two processes at once through a closed gate; opens it once `ready` holds. */
    const raceThroughGate = async (
      args: [string[], string[]],
      ready: (exited: (number | null | undefined)[]) => Promise<boolean>,
    ) => {
      const gate = await startGateProxy(sim.baseUrl);
      const env = { ...cli.env, HOSTAWAY_API_BASE_URL: gate.baseUrl };
      try {
        const runs = args.map((argv) => startCli(argv, env));
        const exited: (number | null | undefined)[] = [undefined, undefined];
        runs.forEach((run, i) => void run.exited.then((code) => (exited[i] = code)));
        await until('both processes to reach the lock', () => ready(exited));
        gate.open();
        const codes = await Promise.all(runs.map((run) => run.exited));
        return runs.map((run, i) => ({ code: codes[i], ...run.output }));
      } finally {
        await gate.close();
      }
    };
    const assertMirrorsAfterChurn = async (
      accountId: number,
      stale: { listing: number; reservation: number },
    ) => {
      await cli.withDb(async (db) => {
        assert.deepEqual(await findWronglyDeleted(db, sim, accountId), [], 'no live row marked deleted');
        const { differences } = await compareWithSimulator(db, sim, accountId);
        // Only what changed after this pass had read it differs (the listing deleted, the cursor row
        // updated); the next pass brings both in.
        assert.deepEqual(differences, [
          `listing ${stale.listing} stored but not served`,
          `reservation ${stale.reservation} differs`,
        ]);
      });
      const next = await runCli(['sync', 'reconcile', '--account', String(accountId), '--json'], {
        env: cli.env,
      });
      assert.equal(next.code, 0, next.stderr.slice(-2_000));
      await cli.withDb(async (db) => {
        assert.deepEqual((await compareWithSimulator(db, sim, accountId)).differences, []);
      });
    };

    before(async () => {
      sim = await startSimulator({
        seed: 93,
        accounts: 2,
        listings: 150,
        reservations: 250,
        conversations: 30,
      });
      cli = await createCliEnvironment(sim);
      [a, b] = sim.accounts.map((x) => x.accountId) as [number, number];
      assert.equal((await runCli(['migrate'], { env: cli.env })).code, 0);
      await addAccount(a);
      const full = await runCli(['sync', 'full', '--account', String(a)], { env: cli.env });
      assert.equal(full.code, 0, full.stderr.slice(-2_000));
    });
    after(async () => {
      await sim.close();
      await cli.cleanup();
    });

    it('--account N in both: one reconciles, the other is skipped on the lock with exit 75; nothing live is marked deleted', async () => {
      const stale = churnBetweenPages(a);
      const argv = ['sync', 'reconcile', '--account', String(a), '--json'];
      const [first, second] = await raceThroughGate([argv, argv], oneSkippedWhileARuns);
      sim.clearPageHooks();
      const codes = [first!.code, second!.code].sort();
      assert.deepEqual(codes, [0, 75], `${first!.stderr.slice(-1_000)}\n${second!.stderr.slice(-1_000)}`);
      const [ran, skipped] = first!.code === 0 ? [first!, second!] : [second!, first!];
      const skip = JSON.parse(skipped.stdout) as Summary;
      assert.equal(skip.accounts[0]!.status, 'skipped');
      assert.equal(skip.accounts[0]!.error?.code, 'LOCK_HELD');
      const run = (JSON.parse(ran.stdout) as Summary).accounts[0]!;
      assert.equal(run.mode, 'reconcile');
      assert.equal(run.status, 'succeeded', JSON.stringify(run.resources));
      await assertMirrorsAfterChurn(a, stale);
    });

    it('--all in both: both exit 0 and the skip is listed in the JSON summary', async () => {
      const stale = churnBetweenPages(a);
      const argv = ['sync', 'reconcile', '--all', '--json'];
      const results = await raceThroughGate([argv, argv], oneSkippedWhileARuns);
      sim.clearPageHooks();
      for (const result of results) assert.equal(result.code, 0, result.stderr.slice(-2_000));
      const statuses = results.map((r) => (JSON.parse(r.stdout) as Summary).accounts.map((x) => x.status));
      assert.deepEqual(statuses.flat().sort(), ['skipped', 'succeeded']);
      const skipped = results
        .flatMap((r) => (JSON.parse(r.stdout) as Summary).accounts)
        .find((x) => x.status === 'skipped')!;
      assert.deepEqual([skipped.accountId, skipped.error?.code], [a, 'LOCK_HELD']);
      await assertMirrorsAfterChurn(a, stale);
    });

    it('two processes on different accounts reconcile at the same time and both complete', async () => {
      await addAccount(b);
      const full = await runCli(['sync', 'full', '--account', String(b)], { env: cli.env });
      assert.equal(full.code, 0, full.stderr.slice(-2_000));
      const results = await raceThroughGate(
        [
          ['sync', 'reconcile', '--account', String(a), '--json'],
          ['sync', 'reconcile', '--account', String(b), '--json'],
        ],
        // Both runs are open at once (each holds its own account's lock) before either may ask Hostaway.
        async () => (await runningRuns()).join() === [a, b].sort((x, y) => x - y).join(),
      );
      for (const result of results) {
        assert.equal(result.code, 0, result.stderr.slice(-2_000));
        assert.equal((JSON.parse(result.stdout) as Summary).accounts[0]!.status, 'succeeded');
      }
      await cli.withDb(async (db) => {
        for (const accountId of [a, b])
          assert.deepEqual(
            (await compareWithSimulator(db, sim, accountId)).differences,
            [],
            `account ${accountId}`,
          );
      });
    });
  },
);
