import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import { createCliEnvironment, type CliEnvironment } from '../helpers/cli-environment.js';
import { testServerUrl } from '../helpers/database.js';
import { startSimulator } from '../helpers/hostaway.js';
import { compareWithSimulator } from '../helpers/mirror-compare.js';
import { sleep } from '../helpers/sleep.js';
import { basic } from '../helpers/webhook.js';

// The simulator enforces the per-IP limit with a short window; every process is told the same limit.
const LIMIT = { perIp: 6, perAccount: 100, windowMs: 1_000 };
const HOOK = { login: 'budget-hooks', password: 'budget-hooks-password' };
const REFETCHES = 8;

/** Polls until `check` holds; fails the test after `limitMs` instead of hanging it. */
async function until(what: string, check: () => Promise<boolean>, limitMs = 60_000) {
  for (const start = Date.now(); !(await check()); await sleep(50))
    if (Date.now() - start > limitMs) assert.fail(`timed out waiting for ${what}`);
}

/**
 * The most requests the simulator received within any sliding window, from its request log (each line
 * says how long the answer took, so its arrival is that long before the line).
 */
function windowRecorder(windowMs: number) {
  const arrivals: number[] = [];
  return {
    log(line: string) {
      const took = / -> \S+ (\d+)ms/.exec(line);
      if (took) arrivals.push(Date.now() - Number(took[1]));
    },
    busiest() {
      const sorted = [...arrivals].sort((x, y) => x - y);
      let most = 0;
      for (let first = 0, last = 0; last < sorted.length; last += 1) {
        while (sorted[first]! <= sorted[last]! - windowMs) first += 1;
        most = Math.max(most, last - first + 1);
      }
      return most;
    },
    reset: () => void arrivals.splice(0),
  };
}

/** Resolves as `promise` does, or fails after `limitMs` with what `explain` reports at that moment. */
async function withinOrExplain<T>(promise: Promise<T>, limitMs: number, explain: () => Promise<string>) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => void explain().then((text) => reject(new Error(`still running after ${limitMs} ms\n${text}`))),
      limitMs,
    );
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Each child still running with its last log lines, and the pool's rate-budget shares right now. */
async function explainHang(children: ReturnType<typeof startCli>[], cli: CliEnvironment) {
  const shares = await cli.withDb(async (db) => {
    const { rows } = await db.query('SELECT * FROM hostaway.rate_leases ORDER BY 1');
    return JSON.stringify(rows, null, 1);
  });
  const tails = children.map((run, i) => {
    const state = run.child.exitCode === null ? 'running' : `exited ${run.child.exitCode}`;
    return `child ${i} (${state}):\n${run.output.stderr.split('\n').slice(-15).join('\n')}`;
  });
  for (const run of children) run.child.kill('SIGKILL');
  return [...tails, `rate_leases: ${shares}`].join('\n');
}

/** `webhook serve` on a free port, resolved once it listens. */
async function startWebhookServe(env: Record<string, string>) {
  const serve = startCli(['webhook', 'serve', '--host', '127.0.0.1', '--port', '0'], {
    ...env,
    LOG_FORMAT: 'json',
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: serve.child.stderr }).on('line', (line) => {
      const record = JSON.parse(line) as { msg?: string; url?: string };
      if (record.msg === 'webhook listener started') resolve(String(record.url));
    });
    void serve.exited.then((code) => reject(new Error(`webhook serve exited with ${code}`)));
  });
  return { ...serve, url };
}

describe(
  'several processes on one egress pool share one rate budget',
  { skip: !testServerUrl() && 'the shared budget needs a server database' },
  () => {
    let sim: Simulator;
    let cli: CliEnvironment;
    let env: Record<string, string>;
    const windows = windowRecorder(LIMIT.windowMs);

    before(async () => {
      sim = await startSimulator({
        seed: 91,
        accounts: 3,
        listings: 3,
        reservations: 25,
        logRequests: windows.log,
      });
      cli = await createCliEnvironment(sim);
      env = {
        ...cli.env,
        HOSTAWAY_RATE_LIMIT_PER_IP: String(LIMIT.perIp),
        HOSTAWAY_RATE_LIMIT_WINDOW_MS: String(LIMIT.windowMs),
        HOSTAWAY_TOKEN_ACTIVATION_MS: '0',
        HOSTAWAY_RATE_LIMIT_BACKOFF_MS: '1000',
      };
      assert.equal((await runCli(['migrate'], { env })).code, 0);
      for (const { accountId, clientSecret } of sim.accounts) {
        const args = ['accounts', 'add', '--account-id', String(accountId), '--customer-id', randomUUID()];
        const add = await runCli([...args, '--client-secret-stdin', '--no-verify'], {
          env,
          stdin: clientSecret,
        });
        assert.equal(add.code, 0, add.stderr);
      }
      const c = String(sim.accounts[2]!.accountId);
      const hooks = await runCli(
        ['accounts', 'update', c, '--webhook-login', HOOK.login, '--webhook-password-stdin'],
        {
          env,
          stdin: HOOK.password,
        },
      );
      assert.equal(hooks.code, 0, hooks.stderr);
      sim.setRateLimit({ enabled: true, ...LIMIT });
    });
    after(async () => {
      await sim.close();
      await cli.cleanup();
    });

    it(
      'two sync full, a sync incremental --all and a webhook serve re-fetching: no 429, no window over the limit, all exit 0, database equals the simulator',
      { timeout: 240_000 },
      async () => {
        const [a, b, c] = sim.accounts.map((x) => x.accountId) as [number, number, number];
        sim.resetStats();
        windows.reset();
        const running = (accounts: number[]) =>
          cli.withDb(async (db) => {
            const { rows } = await db.query<{ n: number }>(
              "SELECT count(DISTINCT account_id)::int AS n FROM hostaway.sync_runs WHERE status = 'running' AND account_id = ANY($1)",
              [accounts],
            );
            return rows[0]!.n === accounts.length;
          });
        const serve = await startWebhookServe(env);
        const full = [a, b].map((id) => startCli(['sync', 'full', '--account', String(id), '--json'], env));
        // The full runs hold their accounts first: `--all` then skips them (exit 0) instead of taking a
        // named account's lock from under `sync full --account` (which would rightly exit 75).
        await until('both full runs to start', () => running([a, b]));
        const incremental = startCli(['sync', 'incremental', '--all', '--json'], env);
        // Reservation excerpts (no updatedOn): the listener must re-fetch each one, within the same budget.
        const refetched = sim.listReservations(c).slice(0, REFETCHES);
        for (const reservation of refetched) {
          sim.updateReservation(c, Number(reservation.id), { hostNote: 'changed, then announced' });
          const delivered = await fetch(`${serve.url}/webhooks/hostaway`, {
            method: 'POST',
            headers: { authorization: basic(HOOK.login, HOOK.password), 'content-type': 'application/json' },
            body: JSON.stringify({
              event: 'reservation.updated',
              accountId: c,
              data: { id: reservation.id },
            }),
          });
          assert.equal(delivered.status, 200, await delivered.text());
          await sleep(200);
        }
        const children = [...full, incremental];
        const runs = await withinOrExplain(
          Promise.all(children.map(async (run) => ({ code: await run.exited, ...run.output }))),
          180_000,
          () => explainHang(children, cli),
        );
        for (const run of runs) assert.equal(run.code, 0, run.stderr.slice(-2_000));
        const byAccount = new Map(
          (JSON.parse(runs[2]!.stdout) as { accounts: { accountId: number; status: string }[] }).accounts.map(
            (r) => [r.accountId, r.status],
          ),
        );
        assert.equal(byAccount.get(c), 'succeeded', 'the --all run synced the account no full run held');
        assert.equal(byAccount.size, 3);
        await until('every webhook re-fetch to be applied', () =>
          cli.withDb(async (db) => {
            const { rows } = await db.query<{ n: number }>(
              "SELECT count(*)::int AS n FROM hostaway.webhook_events WHERE status = 'applied'",
            );
            return rows[0]!.n === REFETCHES;
          }),
        );
        serve.child.kill('SIGTERM');
        assert.equal(await serve.exited, 0, serve.output.stderr.slice(-2_000));
        assert.ok(
          (sim.stats.byEndpoint['GET /reservations/:id'] ?? 0) >= REFETCHES,
          'the listener re-fetched',
        );
        assert.equal(sim.stats.rateLimited, 0, 'Hostaway never had to refuse a request');
        assert.ok(
          windows.busiest() <= LIMIT.perIp,
          `busiest ${LIMIT.windowMs} ms window: ${windows.busiest()}`,
        );
        assert.ok(
          sim.stats.requests > 3 * LIMIT.perIp,
          `enough requests to need several windows (${sim.stats.requests})`,
        );
        await cli.withDb(async (db) => {
          for (const { accountId } of sim.accounts) {
            const { differences } = await compareWithSimulator(db, sim, accountId);
            assert.deepEqual(differences, [], `account ${accountId}`);
          }
        });
      },
    );
  },
);
