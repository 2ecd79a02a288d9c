import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import { createCliEnvironment, type CliEnvironment } from '../helpers/cli-environment.js';
import { testServerUrl } from '../helpers/database.js';
import { startSimulator } from '../helpers/hostaway.js';
import { compareWithSimulator } from '../helpers/mirror-compare.js';
import { sleep } from '../helpers/sleep.js';

// One pool of 5 requests per 1-s window, enforced by the simulator too; full passes keep 1 per window.
const LIMIT = { perIp: 5, perAccount: 100, windowMs: 1_000 };
const FLOOR = 1;
const CHANGED_THREADS = 16;

/** Each API request the simulator received, in order: its account and whether it read a message thread. */
function arrivalRecorder() {
  const requests: { account: number; thread: boolean }[] = [];
  return {
    log(line: string) {
      const match = /^GET (\S+) -> \S+ \d+ms account=(\d+)/.exec(line);
      if (match) requests.push({ account: Number(match[2]), thread: /\/messages(\?|$)/.test(match[1]!) });
    },
    requests,
  };
}

/**
 * The priority of the shared budget across processes: a large `sync full` (background) in one process and
 * an incremental run of a small account in another, on one PostgreSQL budget.
 *
 * The bound is a count, not a time. While the incremental run fetches its changed threads (8 at a time) it
 * always has a request waiting, and while it waits the full pass is granted a slot only when none of its
 * own slots (the floor, 1) counts in the window: at most one per window. The incremental run's n thread
 * requests need ⌈n ÷ (limit − floor)⌉ windows at its fair share, so between its first and last thread
 * request the full pass gets at most that many requests, plus 2 for the windows at either end; a slow
 * machine stretches both sides alike. Served first come first served instead, the full pass's own 8
 * concurrent thread fetches would take about half the slots.
 */
describe(
  'a large sync full does not delay another process’s incremental run beyond its fair share',
  { skip: !testServerUrl() && 'the shared budget needs a server database' },
  () => {
    let sim: Simulator;
    let cli: CliEnvironment;
    let env: Record<string, string>;
    const arrivals = arrivalRecorder();
    let large: number;
    let small: number;

    before(async () => {
      sim = await startSimulator({
        seed: 95,
        accounts: 2,
        listings: 3,
        reservations: 100,
        logRequests: arrivals.log,
      });
      [large, small] = sim.accounts.map((x) => x.accountId) as [number, number];
      cli = await createCliEnvironment(sim);
      assert.equal((await runCli(['migrate'], { env: cli.env })).code, 0);
      for (const { accountId, clientSecret } of sim.accounts) {
        const args = ['accounts', 'add', '--account-id', String(accountId), '--customer-id', randomUUID()];
        const add = await runCli([...args, '--client-secret-stdin', '--no-verify'], {
          env: cli.env,
          stdin: clientSecret,
        });
        assert.equal(add.code, 0, add.stderr);
      }
      const first = await runCli(['sync', 'full', '--account', String(small)], { env: cli.env });
      assert.equal(first.code, 0, first.stderr.slice(-2_000));
      env = {
        ...cli.env,
        HOSTAWAY_RATE_LIMIT_PER_IP: String(LIMIT.perIp),
        HOSTAWAY_RATE_LIMIT_WINDOW_MS: String(LIMIT.windowMs),
        HOSTAWAY_BACKGROUND_FLOOR: String(FLOOR),
        HOSTAWAY_RATE_LIMIT_BACKOFF_MS: '1000',
      };
      sim.setRateLimit({ enabled: true, ...LIMIT });
    });
    after(async () => {
      await sim.close();
      await cli.cleanup();
    });

    it(
      'the full pass gets at most its floor per window while the incremental run waits',
      { timeout: 90_000 },
      async () => {
        arrivals.requests.splice(0);
        const full = startCli(['sync', 'full', '--account', String(large), '--json'], env);
        let fullEnded = false;
        void full.exited.then(() => (fullEnded = true));
        // The full pass is well into its threads (it has the whole pool) before the incremental run starts.
        for (const start = Date.now(); arrivals.requests.filter((r) => r.thread).length < 2 * LIMIT.perIp;) {
          assert.ok(Date.now() - start < 30_000, 'the full pass did not get going');
          await sleep(25);
        }
        const conversations = sim.listConversations(small).slice(0, CHANGED_THREADS);
        for (const c of conversations)
          sim.addMessage(small, Number(c.id), { body: 'a guest asks', isIncoming: 1 });
        const incremental = await runCli(['sync', 'incremental', '--account', String(small), '--json'], {
          env,
        });
        assert.equal(fullEnded, false, 'the full pass was still running when the incremental run ended');
        full.child.kill('SIGKILL');
        await full.exited;
        assert.equal(incremental.code, 0, incremental.stderr.slice(-2_000));
        assert.equal(sim.stats.rateLimited, 0);

        const smallThread = (r: { account: number; thread: boolean }) => r.account === small && r.thread;
        const phase = arrivals.requests.slice(
          arrivals.requests.findIndex(smallThread),
          arrivals.requests.findLastIndex(smallThread) + 1,
        );
        const threadRequests = phase.filter(smallThread).length;
        const largeGrants = phase.filter((r) => r.account === large).length;
        assert.equal(
          threadRequests,
          CHANGED_THREADS,
          'the incremental run fetched exactly the changed threads',
        );
        const bound = FLOOR * Math.ceil(threadRequests / (LIMIT.perIp - FLOOR)) + 2;
        assert.ok(
          largeGrants <= bound,
          `the full pass got ${largeGrants} requests during the incremental run's ${threadRequests} thread fetches (at most ${bound})`,
        );
        await cli.withDb(async (db) => {
          assert.deepEqual((await compareWithSimulator(db, sim, small)).differences, []);
        });
      },
    );
  },
);
