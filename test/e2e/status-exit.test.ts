import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import {
  addFirstAccountWithCli,
  createCliEnvironment,
  type CliEnvironment,
} from '../helpers/cli-environment.js';
import { startSimulator } from '../helpers/hostaway.js';

const errorLines = (stderr: string) => stderr.split('\n').filter((l) => /"level":"error"|^error:/.test(l));

describe('status when nothing is synced', () => {
  let sim: Simulator;
  let cli: CliEnvironment;

  before(async () => {
    sim = await startSimulator({ seed: 9, accounts: 1, listings: 1, reservations: 2 });
    cli = await createCliEnvironment(sim);
  });
  after(async () => {
    await sim.close();
    await cli.cleanup();
  });

  it('refuses the embedded database with HOSTAWAY_SYNC_REQUIRE_SERVER=1 (78) and creates none', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hostaway-sync-require-'));
    rmSync(dataDir, { recursive: true });
    try {
      for (const args of [
        ['status'],
        ['sync', 'incremental', '--due', '--json'],
        ['worker', '--port', '0'],
      ]) {
        const result = await runCli(args, {
          env: { HOSTAWAY_SYNC_DATA_DIR: dataDir, HOSTAWAY_SYNC_REQUIRE_SERVER: '1' },
        });
        assert.equal(result.code, 78, result.stderr);
        assert.equal(errorLines(result.stderr).length, 1, result.stderr);
        assert.match(result.stderr, /DATABASE_URL/);
        assert.equal(result.stdout, '');
        assert.equal(existsSync(dataDir), false, 'no embedded database was created');
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('exits 78 without an active account and 2 for an unknown --account', async () => {
    // A worker never starts on a server schema it does not know: it exits like `sync --due` (78, run
    // migrate). The embedded database migrates itself on opening.
    if (cli.env.DATABASE_URL) {
      const unmigrated = await runCli(['worker', '--host', '127.0.0.1', '--port', '0'], { env: cli.env });
      assert.equal(unmigrated.code, 78, unmigrated.stderr);
      assert.match(errorLines(unmigrated.stderr).join(''), /schema is missing/);
    }
    assert.equal((await runCli(['migrate'], { env: cli.env })).code, 0);
    const empty = await runCli(['status', '--json'], { env: cli.env });
    assert.equal(empty.code, 78, empty.stderr);
    assert.match(errorLines(empty.stderr).join(''), /no active account/);

    const accountId = await addFirstAccountWithCli(sim, cli.env);
    assert.equal((await runCli(['sync', 'full', '--account', String(accountId)], { env: cli.env })).code, 0);
    assert.equal((await runCli(['status'], { env: cli.env })).code, 0);
    const unknown = await runCli(['status', '--account', '99999'], { env: cli.env });
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(errorLines(unknown.stderr).join(''), /account 99999 does not exist/);

    assert.equal((await runCli(['accounts', 'remove', String(accountId)], { env: cli.env })).code, 0);
    const inactive = await runCli(['status'], { env: cli.env });
    assert.equal(inactive.code, 78, inactive.stderr);
  });
});
