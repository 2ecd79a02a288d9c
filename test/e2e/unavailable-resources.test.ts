import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { getStatusReport, type OptionalResourceStatus } from '../../src/sync/status.js';
import type { RunResult } from '../../src/sync/types.js';
import { createWebhookMetrics } from '../../src/webhook/metrics.js';
import { runCli } from '../helpers/cli.js';
import {
  addFirstAccountWithCli,
  createCliEnvironment,
  type CliEnvironment,
} from '../helpers/cli-environment.js';
import { startSimulator } from '../helpers/hostaway.js';

const NOT_FOUND = JSON.stringify({ status: 'fail', message: 'Not found' });

describe('an optional endpoint the account cannot use is unavailable, not a failure of the account', () => {
  let sim: Simulator;
  let cli: CliEnvironment;
  let accountId: number;

  const sync = async (mode: string) => {
    const run = await runCli(['sync', mode, '--account', String(accountId), '--json'], { env: cli.env });
    const account = (JSON.parse(run.stdout) as { accounts: RunResult[] }).accounts[0]!;
    return { ...run, account };
  };
  const status = async () => {
    const run = await runCli(['status', '--json'], { env: cli.env });
    type Report = { healthy: boolean; accounts: { optionalResources: OptionalResourceStatus[] }[] };
    const report = JSON.parse(run.stdout) as Report;
    return {
      code: run.code,
      report,
      byName: new Map(report.accounts[0]!.optionalResources.map((r) => [r.resource, r])),
    };
  };
  const unavailableGauges = () =>
    cli.withDb(async (db) => {
      const { body } = await createWebhookMetrics({
        status: () => getStatusReport(db),
      }).render();
      return body.split('\n').filter((line) => line.startsWith('hostaway_resource_unavailable{'));
    });
  const faultEndpoints = () => {
    sim.injectFaults({ kind: '403', pathPrefix: '/v1/reviews', count: 1000 });
    sim.injectFaults({ kind: 'body', status: 404, pathPrefix: '/v1/tasks', body: NOT_FOUND, count: 1000 });
  };

  before(async () => {
    sim = await startSimulator({ seed: 9, accounts: 1, listings: 2, reservations: 10 });
    cli = await createCliEnvironment(sim);
    accountId = await addFirstAccountWithCli(sim, cli.env);
  });
  after(async () => {
    await sim.close();
    await cli.cleanup();
  });

  it('a 403 and a 404 make reviews and tasks unavailable; the rest syncs, exit 0 with a warning; status and metrics show them; a re-probe clears them', async () => {
    faultEndpoints();
    const first = await sync('full');
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.account.status, 'succeeded');
    const { resources } = first.account;
    assert.deepEqual(
      [resources['reviews']!.status, resources['tasks']!.status, resources['amenities']!.status],
      ['unavailable', 'unavailable', 'succeeded'],
    );
    for (const core of ['listings', 'reservations', 'threads'])
      assert.equal(resources[core]!.status, 'succeeded');
    const warnings = first.stderr.split('\n').filter((line) => line.includes('resource unavailable'));
    assert.equal(warnings.length, 2, first.stderr);

    const shown = await status();
    assert.equal(shown.code, 0);
    assert.equal(shown.report.healthy, true);
    assert.match(shown.byName.get('reviews')!.unavailable!.reason, /403/);
    assert.match(shown.byName.get('tasks')!.unavailable!.reason, /404/);
    assert.equal(shown.byName.get('amenities')!.unavailable, null);
    const human = await runCli(['status'], { env: cli.env });
    assert.match(human.stderr, /reviews unavailable since/);
    assert.deepEqual(await unavailableGauges(), [
      `hostaway_resource_unavailable{account="${accountId}",resource="reviews"} 1`,
      `hostaway_resource_unavailable{account="${accountId}",resource="tasks"} 1`,
    ]);

    // Not re-probed before its interval: no request to either endpoint, still exit 0 with one warning each.
    sim.resetStats();
    const second = await sync('full');
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.account.resources['reviews']!.status, 'unavailable');
    assert.equal((sim.stats.byEndpoint['GET /reviews'] ?? 0) + (sim.stats.byEndpoint['GET /tasks'] ?? 0), 0);

    // The interval passed and the endpoints work again: the probe syncs them and the state clears.
    sim.clearFaults();
    await cli.withDb((db) =>
      db.query(
        `UPDATE hostaway.sync_state SET unavailable_checked_at = unavailable_checked_at - interval '2 days'
         WHERE account_id = $1`,
        [accountId],
      ),
    );
    const probed = await sync('incremental');
    assert.equal(probed.code, 0, probed.stderr);
    assert.deepEqual(
      [probed.account.resources['reviews']!.status, probed.account.resources['tasks']!.status],
      ['succeeded', 'succeeded'],
    );
    const cleared = await status();
    assert.equal(cleared.byName.get('reviews')!.unavailable, null);
    assert.deepEqual(await unavailableGauges(), []);
  });

  it('a core endpoint answering 403 after a fresh token stays a credentials error (exit 77)', async () => {
    sim.injectFaults({ kind: '403', pathPrefix: '/v1/listings', count: 1000 });
    const run = await sync('incremental');
    sim.clearFaults();
    assert.equal(run.code, 77, run.stderr);
  });
});
