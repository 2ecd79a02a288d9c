import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import type { RunResult } from '../../src/sync/types.js';
import { runCli } from '../helpers/cli.js';
import { createCliEnvironment, type CliEnvironment } from '../helpers/cli-environment.js';
import { startSimulator } from '../helpers/hostaway.js';
import { compareWithSimulator } from '../helpers/mirror-compare.js';

describe('sync full --all while one message thread answers 403 twice', () => {
  let sim: Simulator;
  let cli: CliEnvironment;

  before(async () => {
    sim = await startSimulator({ seed: 78, accounts: 3, listings: 4, reservations: 60 });
    cli = await createCliEnvironment(sim);
    assert.equal((await runCli(['migrate'], { env: cli.env })).code, 0);
    for (const { accountId, clientSecret } of sim.accounts) {
      const args = ['accounts', 'add', '--account-id', String(accountId), '--customer-id', randomUUID()];
      const add = await runCli([...args, '--client-secret-stdin'], { env: cli.env, stdin: clientSecret });
      assert.equal(add.code, 0, add.stderr);
    }
  });
  after(async () => {
    await sim.close();
    await cli.cleanup();
  });

  it('does not crash: exits 3, that account fails with 77, the other two are complete, no run left running', async () => {
    const [a, b, c] = sim.accounts.map((account) => account.accountId) as [number, number, number];
    const thread = Number(sim.listConversations(b)[7]!.id);
    sim.injectFaults({ kind: '403', pathPrefix: `/v1/conversations/${thread}/messages`, count: 2 });
    const run = await runCli(['sync', 'full', '--all', '--json'], { env: cli.env });
    sim.clearFaults();
    assert.equal(run.code, 3, run.stderr);
    assert.doesNotMatch(run.stderr, /please report/i);
    const summary = JSON.parse(run.stdout) as { exitCode: number; accounts: RunResult[] };
    assert.equal(summary.exitCode, 3);
    const byAccount = new Map(summary.accounts.map((r) => [r.accountId, r]));
    assert.deepEqual([...byAccount.keys()].sort(), [a, b, c]);
    assert.equal(byAccount.get(b)!.error?.exitCode, 77, JSON.stringify(byAccount.get(b)));
    assert.notEqual(byAccount.get(b)!.status, 'succeeded');
    for (const accountId of [a, c]) assert.equal(byAccount.get(accountId)!.status, 'succeeded');
    await cli.withDb(async (db) => {
      for (const accountId of [a, c]) {
        const { differences, compared } = await compareWithSimulator(db, sim, accountId);
        assert.ok(compared > 0);
        assert.deepEqual(differences, [], `account ${accountId}`);
      }
      const { rows } = await db.query<{ account_id: number; status: string; finished: boolean }>(
        'SELECT account_id, status, finished_at IS NOT NULL AS finished FROM hostaway.sync_runs ORDER BY account_id',
      );
      assert.deepEqual(
        rows.map((r) => r.account_id),
        [a, b, c],
      );
      for (const row of rows) {
        assert.notEqual(row.status, 'running', `account ${row.account_id}`);
        assert.equal(row.finished, true, `account ${row.account_id}`);
      }
    });
  });
});
