import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import type { Simulator } from '../../src/simulator/index.js';
import { errorRecord, runCli } from '../helpers/cli.js';
import { createCliEnvironment, type CliEnvironment } from '../helpers/cli-environment.js';
import { startSimulator } from '../helpers/hostaway.js';

const CUSTOMER = '6f1c9a52-0d3e-4f43-9a57-1b2c3d4e5f60';

describe('the built CLI', () => {
  let sim: Simulator;
  let cli: CliEnvironment;
  let env: Record<string, string>;
  let accountId: number;
  let secret: string;
  const withDb = <T>(fn: (db: Database) => Promise<T>) => cli.withDb(fn);

  before(async () => {
    sim = await startSimulator({ seed: 5, accounts: 1, listings: 4, reservations: 40 });
    ({ accountId, clientSecret: secret } = sim.accounts[0]!);
    cli = await createCliEnvironment(sim);
    env = cli.env;
  });
  after(async () => {
    await sim.close();
    await cli.cleanup();
  });

  it('--help and --version exit 0', async () => {
    const help = await runCli(['--help'], { env });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /sync/);
    const version = await runCli(['--version'], { env });
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  });

  it('migrate is safe to run twice', async () => {
    const first = await runCli(['migrate', '--json'], { env });
    assert.equal(first.code, 0, first.stderr);
    assert.ok(JSON.parse(first.stdout).applied.length >= 1);
    const second = await runCli(['migrate', '--json'], { env });
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(JSON.parse(second.stdout).applied, []);
  });

  it('refuses to prompt without a terminal (exit 78, hint names the flag)', async () => {
    const result = await runCli(['accounts', 'add'], { env });
    assert.equal(result.code, 78);
    const error = errorRecord(result.stderr);
    assert.equal(error?.msg, 'missing --account-id');
    assert.match(error.hint ?? '', /--account-id/);
  });

  it('rejects a wrong client secret with exit 77 and stores nothing', async () => {
    const result = await runCli(
      [
        'accounts',
        'add',
        '--account-id',
        String(accountId),
        '--customer-id',
        CUSTOMER,
        '--client-secret-stdin',
      ],
      { env, stdin: 'not-the-secret\n' },
    );
    assert.equal(result.code, 77, result.stderr);
    const errors = result.stderr.split('\n').filter((line) => line.includes('"level":"error"'));
    assert.equal(errors.length, 1, 'one error record');
    const error = errorRecord(result.stderr);
    assert.equal(error?.exitCode, 77);
    assert.ok(error.hint, 'with a hint');
    const list = await runCli(['accounts', 'list', '--json'], { env });
    assert.deepEqual(JSON.parse(list.stdout), []);
  });

  it('adds an account from stdin and lists it', async () => {
    const add = await runCli(
      [
        'accounts',
        'add',
        '--account-id',
        String(accountId),
        '--customer-id',
        CUSTOMER,
        '--client-secret-stdin',
        '--json',
      ],
      { env, stdin: `${secret}\n` },
    );
    assert.equal(add.code, 0, add.stderr);
    assert.equal(JSON.parse(add.stdout).accountId, accountId);
    const list = await runCli(['accounts', 'list', '--json'], { env });
    const [account] = JSON.parse(list.stdout) as {
      accountId: number;
      customerId: string;
      isActive: boolean;
    }[];
    assert.equal(account!.accountId, accountId);
    assert.equal(account!.customerId, CUSTOMER);
    assert.equal(account!.isActive, true);
    assert.ok(!list.stdout.includes(secret) && !add.stdout.includes(secret) && !add.stderr.includes(secret));
  });

  it('sync full --json prints one summary document and JSON logs, exit 0', async () => {
    const result = await runCli(['sync', 'full', '--account', String(accountId), '--json'], { env });
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as {
      exitCode: number;
      accounts: { status: string; resources: Record<string, { inserted: number }> }[];
    };
    assert.equal(summary.exitCode, 0);
    assert.equal(summary.accounts[0]!.status, 'succeeded');
    assert.equal(summary.accounts[0]!.resources.reservations!.inserted, 40);
    for (const line of result.stderr.trim().split('\n')) assert.doesNotThrow(() => JSON.parse(line), line);
    assert.ok(!result.stderr.includes(secret) && !result.stdout.includes(secret));
    const stored = await withDb(
      async (db) =>
        (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM hostaway.reservations')).rows[0]!.n,
    );
    assert.equal(stored, 40);
  });

  it('usage and configuration errors exit 2 and 78 with one JSON error record off a terminal', async () => {
    const usage = await runCli(['sync', 'full', '--account', 'abc'], { env });
    assert.equal(usage.code, 2);
    const noAccount = await runCli(['sync', 'full'], { env });
    assert.equal(noAccount.code, 2);
    assert.match(errorRecord(noAccount.stderr)?.hint ?? '', /--account <id> or --all/);
    const badEnv = await runCli(['accounts', 'list'], { env: { ...env, HOSTAWAY_RATE_LIMIT_PER_IP: '0' } });
    assert.equal(badEnv.code, 78);
    assert.match(badEnv.stderr, /HOSTAWAY_RATE_LIMIT_PER_IP/);
    assert.doesNotMatch(badEnv.stderr, /at .*\.js:\d+/, 'no stack trace');
  });

  it('an unreachable Hostaway ends with exit 69', async () => {
    const result = await runCli(['sync', 'full', '--all', '--json'], {
      env: { ...env, HOSTAWAY_API_BASE_URL: 'http://127.0.0.1:9/v1', HOSTAWAY_MAX_RETRIES: '1' },
    });
    // the stored token is reused, so the first listings request is what fails
    assert.equal(result.code, 69, result.stderr);
    assert.equal(JSON.parse(result.stdout).accounts[0].status, 'failed');
  });

  it('remove: soft keeps data, --hard needs --yes off a terminal, then deletes it', async () => {
    const soft = await runCli(['accounts', 'remove', String(accountId)], { env });
    assert.equal(soft.code, 0, soft.stderr);
    const skipped = await runCli(['sync', 'full', '--all', '--json'], { env });
    assert.deepEqual(JSON.parse(skipped.stdout).accounts, [], 'inactive accounts are not synced');
    const refused = await runCli(['accounts', 'remove', String(accountId), '--hard'], { env });
    assert.equal(refused.code, 78);
    const hard = await runCli(['accounts', 'remove', String(accountId), '--hard', '--yes'], { env });
    assert.equal(hard.code, 0, hard.stderr);
    const left = await withDb(
      async (db) =>
        (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM hostaway.reservations')).rows[0]!.n,
    );
    assert.equal(left, 0);
    const unknown = await runCli(['accounts', 'remove', '424242'], { env });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /account 424242 does not exist/);
  });
});
