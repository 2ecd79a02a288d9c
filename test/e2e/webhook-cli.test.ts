import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import type { HostawayClient } from '../../src/hostaway/client.js';
import { listUnifiedWebhooks } from '../../src/hostaway/unified-webhooks.js';
import type { Simulator } from '../../src/simulator/index.js';
import { CLI, runCli } from '../helpers/cli.js';
import { TEST_ENCRYPTION_KEY } from '../helpers/cli-environment.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { basic } from '../helpers/webhook.js';

const CUSTOMER = '6f1c9a52-0d3e-4f43-9a57-1b2c3d4e5f60';
const HOOK_URL = 'https://hooks.example.com/webhooks/hostaway';

describe('the built CLI: webhook commands', () => {
  let sim: Simulator;
  let client: HostawayClient;
  let server: TestDatabase | undefined;
  let dataDir: string;
  let env: Record<string, string>;
  let accountId: number;
  const hooks = () => listUnifiedWebhooks(client.forAccount(sim.accounts[0]!));

  before(async () => {
    sim = await startSimulator({ seed: 9, accounts: 1, listings: 2, reservations: 5 });
    accountId = sim.accounts[0]!.accountId;
    client = createTestClient(sim.baseUrl);
    dataDir = mkdtempSync(join(tmpdir(), 'hostaway-sync-webhook-e2e-'));
    if (testServerUrl()) server = await createTestDatabase();
    env = {
      HOSTAWAY_API_BASE_URL: sim.baseUrl,
      HOSTAWAY_CLIENT_SECRET: sim.accounts[0]!.clientSecret,
      HOSTAWAY_SYNC_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      LOG_FORMAT: 'json',
      ...(server?.url ? { DATABASE_URL: server.url } : { HOSTAWAY_SYNC_DATA_DIR: dataDir }),
    };
  });
  after(async () => {
    client.close();
    await sim.close();
    await server?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accounts add takes webhook credentials, one stdin secret at a time', async () => {
    const args = [
      'accounts',
      'add',
      '--account-id',
      String(accountId),
      '--customer-id',
      CUSTOMER,
      '--no-verify',
    ];
    const both = await runCli([...args, '--client-secret-stdin', '--webhook-password-stdin'], { env });
    assert.equal(both.code, 2, both.stderr);
    assert.match(both.stderr, /cannot be used together/);
    const added = await runCli([...args, '--webhook-login', 'hand-made', '--webhook-password-stdin'], {
      env,
      stdin: 'first-password\n',
    });
    assert.equal(added.code, 0, added.stderr);
  });

  it('webhook register is idempotent: one hook, updated in place', async () => {
    const register = () =>
      runCli(
        [
          'webhook',
          'register',
          '--account',
          String(accountId),
          '--url',
          HOOK_URL,
          '--webhook-password-stdin',
          '--json',
        ],
        {
          env,
          stdin: 'e2e-password',
        },
      );
    const first = await register();
    assert.equal(first.code, 0, first.stderr);
    const second = await register();
    const [a, b] = [JSON.parse(first.stdout), JSON.parse(second.stdout)];
    assert.deepEqual(
      [a.action, b.action, b.webhookId, b.login],
      ['created', 'updated', a.webhookId, 'hand-made'],
    );
    assert.deepEqual(
      (await hooks()).map((h) => [h.id, h.url, h.login]),
      [[a.webhookId, HOOK_URL, 'hand-made']],
    );
  });

  it('webhook serve accepts deliveries and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, 'webhook', 'serve', '--host', '127.0.0.1', '--port', '0'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const logs: Record<string, unknown>[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stderr! }).on('line', (line) => {
        const record = JSON.parse(line) as Record<string, unknown>;
        logs.push(record);
        if (record.msg === 'webhook listener started') resolve(String(record.url));
      });
      void exited.then((code) => reject(new Error(`serve exited with ${code}: ${JSON.stringify(logs)}`)));
    });
    const reservation = sim.listReservations(accountId)[0]!;
    const post = (authorization: string) =>
      fetch(`${url}/webhooks/hostaway`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ event: 'reservation.created', accountId, data: reservation }),
      });
    assert.equal(
      (await post(basic('hand-made', 'first-password'))).status,
      401,
      'register replaced the password',
    );
    const accepted = await post(basic('hand-made', 'e2e-password'));
    assert.deepEqual(
      [accepted.status, ((await accepted.json()) as { outcome: string }).outcome],
      [200, 'inserted'],
    );
    const started = Date.now();
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.ok(Date.now() - started < 5_000);
    assert.ok(logs.some((l) => l.msg === 'webhook listener stopped'));
  });

  it('webhook events and replay work on the inbox', async () => {
    const events = await runCli(['webhook', 'events', '--json'], { env });
    assert.equal(events.code, 0, events.stderr);
    const list = JSON.parse(events.stdout) as { event: string; status: string; outcome: string }[];
    assert.deepEqual(
      list.map((e) => [e.event, e.status, e.outcome]),
      [['reservation.created', 'applied', 'inserted']],
    );
    const replay = await runCli(['webhook', 'replay', '--status', 'applied', '--json'], { env });
    assert.equal(replay.code, 0, replay.stderr);
    const summary = JSON.parse(replay.stdout);
    assert.deepEqual([summary.replayed, summary.applied, summary.events[0].outcome], [1, 1, 'unchanged']);
  });

  it('webhook unregister deletes the hook; accounts remove --hard tries, and says when it could not', async () => {
    const unregister = await runCli(['webhook', 'unregister', '--account', String(accountId), '--json'], {
      env,
    });
    assert.equal(unregister.code, 0, unregister.stderr);
    assert.equal(JSON.parse(unregister.stdout).removed.length, 1);
    assert.deepEqual(await hooks(), []);
    const register = await runCli(
      ['webhook', 'register', '--account', String(accountId), '--url', HOOK_URL, '--json'],
      {
        env,
      },
    );
    assert.equal(JSON.parse(register.stdout).passwordGenerated, true);
    sim.injectFaults({ kind: '500', count: 10, pathPrefix: '/v1/webhooks' });
    const removed = await runCli(['accounts', 'remove', String(accountId), '--hard', '--yes', '--json'], {
      env,
    });
    sim.clearFaults();
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(JSON.parse(removed.stdout), {
      accountId,
      removed: 'deleted',
      webhook: 'failed',
      attachmentFiles: { deleted: 0, kept: 0 },
    });
    assert.match(removed.stderr, /webhook was not deleted .*delete it in the Hostaway dashboard/);
    assert.equal((await hooks()).length, 1);
  });
});
