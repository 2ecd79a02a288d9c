import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../helpers/database.js';
import { startSimulator } from '../helpers/hostaway.js';

const FAST = {
  HOSTAWAY_TOKEN_ACTIVATION_MS: '0',
  HOSTAWAY_RATE_LIMIT_PER_IP: '10000',
  HOSTAWAY_RATE_LIMIT_PER_ACCOUNT: '10000',
};

describe('signals during a sync', () => {
  let sim: Simulator;
  let server: TestDatabase | undefined;
  let dataDir: string;
  let env: Record<string, string>;

  before(async () => {
    sim = await startSimulator({ seed: 9, listings: 3, reservations: 150 });
    dataDir = mkdtempSync(join(tmpdir(), 'hostaway-sync-signals-'));
    if (testServerUrl()) server = await createTestDatabase({ migrate: false });
    env = {
      ...FAST,
      HOSTAWAY_API_BASE_URL: sim.baseUrl,
      ...(server?.url ? { DATABASE_URL: server.url } : { HOSTAWAY_SYNC_DATA_DIR: dataDir }),
    };
    assert.equal((await runCli(['migrate'], { env })).code, 0);
    const { accountId, clientSecret } = sim.accounts[0]!;
    const add = await runCli(
      [
        'accounts',
        'add',
        '--account-id',
        String(accountId),
        '--customer-id',
        '0d6f5bb4-8b43-4d55-a5a8-5e0e4f2f6f11',
        '--client-secret-stdin',
      ],
      { env, stdin: clientSecret },
    );
    assert.equal(add.code, 0, add.stderr);
  });
  after(async () => {
    await sim.close();
    await server?.drop();
    rmSync(dataDir, { recursive: true, force: true });
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
