import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { createCliEnvironment, type CliEnvironment } from '../helpers/cli-environment.js';
import { testServerUrl } from '../helpers/database.js';
import { startSimulator } from '../helpers/hostaway.js';
import { compareWithSimulator } from '../helpers/mirror-compare.js';

// The simulator enforces the per-IP limit with a short window; every process is told the same limit.
const LIMIT = { perIp: 6, perAccount: 100, windowMs: 1_000 };

describe(
  'several processes on one egress pool share one rate budget',
  { skip: !testServerUrl() && 'the shared budget needs a server database' },
  () => {
    let sim: Simulator;
    let cli: CliEnvironment;
    let env: Record<string, string>;

    before(async () => {
      sim = await startSimulator({ seed: 91, accounts: 3, listings: 3, reservations: 60 });
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
      sim.setRateLimit({ enabled: true, ...LIMIT });
    });
    after(async () => {
      await sim.close();
      await cli.cleanup();
    });

    it(
      'two sync full processes and a sync incremental: no 429, all exit 0, database equals the simulator',
      { timeout: 240_000 },
      async () => {
        const [a, b, c] = sim.accounts.map((x) => x.accountId) as [number, number, number];
        sim.resetStats();
        const runs = await Promise.all([
          runCli(['sync', 'full', '--account', String(a), '--json'], { env }),
          runCli(['sync', 'full', '--account', String(b), '--json'], { env }),
          // Each process its own account: a named account that is locked would (rightly) exit 75.
          runCli(['sync', 'incremental', '--account', String(c), '--json'], { env }),
        ]);
        for (const run of runs) assert.equal(run.code, 0, run.stderr.slice(-2_000));
        assert.equal(sim.stats.rateLimited, 0, 'Hostaway never had to refuse a request');
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
