import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { keyIdOf } from '../../src/secrets/key.js';
import type { Simulator } from '../../src/simulator/index.js';
import { errorRecord, runCli, startCli, type CliResult } from '../helpers/cli.js';
import { createCliEnvironment, type CliEnvironment } from '../helpers/cli-environment.js';
import { startSimulator } from '../helpers/hostaway.js';
import { startTokenRecorder } from '../helpers/token-recorder.js';
import { basic } from '../helpers/webhook.js';

const CUSTOMER = '6f1c9a52-0d3e-4f43-9a57-1b2c3d4e5f60';
const KEY = randomBytes(32);
const NEW_KEY = randomBytes(32);
const WEBHOOK_PASSWORD = `hook-${randomBytes(12).toString('hex')}`;
const WRONG_SECRET = `wrong-${randomBytes(16).toString('hex')}`;

/** Every form a key could leak in. */
const keyForms = (key: Buffer) => [key.toString('base64'), key.toString('hex'), key.toString('base64url')];

describe('the built CLI keeps secrets out of every output and out of the database', () => {
  let sim: Simulator;
  let recorder: Awaited<ReturnType<typeof startTokenRecorder>>;
  let cli: CliEnvironment;
  let env: Record<string, string>;
  let accountId: number;
  let secret: string;
  const outputs: { step: string; text: string }[] = [];
  const collect = (step: string, result: { stdout: string; stderr: string }) =>
    outputs.push({ step, text: `${result.stdout}\n${result.stderr}` });
  const run = async (step: string, args: string[], extra: Record<string, string> = {}, stdin?: string) => {
    const result: CliResult = await runCli(args, { env: { ...env, ...extra }, stdin });
    collect(step, result);
    return result;
  };
  const rawRows = () =>
    cli.withDb(async (db) => {
      const { rows } = await db.query<{ client_secret: string; access_token: string | null }>(
        'SELECT client_secret, access_token FROM hostaway.accounts ORDER BY account_id',
      );
      return rows;
    });

  before(async () => {
    sim = await startSimulator({ seed: 11, accounts: 1, listings: 2, reservations: 6 });
    ({ accountId, clientSecret: secret } = sim.accounts[0]!);
    recorder = await startTokenRecorder(sim.baseUrl);
    cli = await createCliEnvironment(sim);
    env = {
      ...cli.env,
      HOSTAWAY_API_BASE_URL: recorder.baseUrl,
      HOSTAWAY_SYNC_ENCRYPTION_KEY: KEY.toString('base64'),
      HOSTAWAY_CLIENT_SECRET: secret,
    };
  });
  after(async () => {
    await recorder.close();
    await sim.close();
    await cli.cleanup();
  });

  it('no command takes a secret as a flag value', async () => {
    for (const command of [
      ['accounts', 'add'],
      ['accounts', 'update'],
      ['accounts', 'rotate-key'],
      ['webhook', 'register'],
      ['sync', 'full'],
      ['webhook', 'serve'],
    ]) {
      const help = await run('help', [...command, '--help']);
      assert.equal(help.code, 0, help.stderr);
      assert.doesNotMatch(help.stdout, /--[\w-]*(secret|password|token|key)[\w-]* </i, command.join(' '));
    }
  });

  it('runs the whole life of an account with a key', async () => {
    assert.equal((await run('migrate', ['migrate'])).code, 0);
    const addArgs = ['accounts', 'add', '--account-id', String(accountId), '--customer-id', CUSTOMER];
    const rejected = await run('add wrong secret', [...addArgs, '--client-secret-stdin'], {}, WRONG_SECRET);
    assert.equal(rejected.code, 77, rejected.stderr);
    const noKey = await run('add without key', addArgs, { HOSTAWAY_SYNC_ENCRYPTION_KEY: '' });
    assert.equal(noKey.code, 78, noKey.stderr);
    assert.match(
      errorRecord(noKey.stderr)?.msg ?? '',
      /HOSTAWAY_SYNC_ENCRYPTION_KEY.*--allow-plaintext-secrets$/,
    );
    const add = await run(
      'add',
      [...addArgs, '--webhook-login', 'hook-login', '--webhook-password-stdin'],
      {},
      WEBHOOK_PASSWORD,
    );
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stderr, /"encrypted":true,"msg":"added account"/, 'a JSON log record off a terminal');

    const full = await run('sync full', ['sync', 'full', '--account', String(accountId)], {
      LOG_LEVEL: 'debug',
    });
    assert.equal(full.code, 0, full.stderr);
    const incremental = await run(
      'sync incremental',
      ['sync', 'incremental', '--account', String(accountId), '--json'],
      {
        LOG_LEVEL: 'debug',
      },
    );
    assert.equal(incremental.code, 0, incremental.stderr);

    const status = await run('status --json', ['status', '--json']);
    assert.equal(status.code, 0, status.stderr);
    const report = JSON.parse(status.stdout) as { secrets: { currentKeyId: string; warnings: string[] } };
    assert.deepEqual([report.secrets.currentKeyId, report.secrets.warnings], [keyIdOf(KEY), []]);
    assert.equal((await run('status', ['status'])).code, 0);
    assert.equal((await run('accounts list', ['accounts', 'list'])).code, 0);
    assert.equal((await run('accounts list --json', ['accounts', 'list', '--json'])).code, 0);

    const [row] = await rawRows();
    for (const value of [row!.client_secret, row!.access_token ?? '']) {
      assert.ok(value?.startsWith(`enc:v1:${keyIdOf(KEY)}:`), String(value));
      assert.ok(!value.includes(secret), 'no plaintext secret in the row');
      for (const token of recorder.tokens) assert.ok(!value.includes(token));
    }
    assert.ok(recorder.tokens.size >= 1, 'the simulator minted tokens');
  });

  it('webhook serve re-fetches with the decrypted secret and checks the Basic password', async () => {
    const serve = startCli(['webhook', 'serve', '--host', '127.0.0.1', '--port', '0'], {
      ...env,
      WEBHOOK_REFETCH: 'always',
      LOG_LEVEL: 'debug',
    });
    try {
      let url: string | undefined;
      for (let i = 0; i < 600 && url === undefined; i += 1) {
        url = /"url":"([^"]+)","refetch"/.exec(serve.output.stderr)?.[1];
        if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(url, serve.output.stderr);
      const reservation = sim.listReservations(accountId)[0]!;
      const post = (authorization: string) =>
        fetch(`${url}/webhooks/hostaway`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify({ event: 'reservation.updated', accountId, data: reservation }),
        });
      assert.equal((await post(basic('hook-login', `${WEBHOOK_PASSWORD}x`))).status, 401);
      assert.equal((await post(basic('hook-login', WEBHOOK_PASSWORD))).status, 200);
      let applied = false;
      for (let i = 0; i < 600 && !applied; i += 1) {
        const metrics = await (await fetch(`${url}/metrics`)).text();
        applied = /hostaway_webhook_events_applied_total\{event="reservation.updated"[^}]*\} [1-9]/.test(
          metrics,
        );
        if (!applied) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(applied, 'the re-fetch was applied');
    } finally {
      serve.child.kill('SIGTERM');
      assert.equal(await serve.exited, 0, serve.output.stderr);
      collect('webhook serve', serve.output);
    }
  });

  it('rotate-key moves everything to the new key, once; the old key alone then fails with exit 78', async () => {
    const rotated = {
      HOSTAWAY_SYNC_ENCRYPTION_KEY: NEW_KEY.toString('hex'),
      HOSTAWAY_SYNC_PREVIOUS_ENCRYPTION_KEYS: KEY.toString('base64'),
    };
    const pending = await run('status pending', ['status', '--json'], rotated);
    assert.equal(pending.code, 0, pending.stdout);
    assert.equal(JSON.parse(pending.stdout).secrets.rotationPending[0].keyIds[0], keyIdOf(KEY));
    const first = await run('rotate-key --json', ['accounts', 'rotate-key', '--json'], rotated);
    assert.equal(first.code, 0, first.stderr);
    const counts = JSON.parse(first.stdout);
    assert.deepEqual(
      [counts.clientSecrets.reencrypted, counts.accessTokens.reencrypted],
      [1, 1],
      first.stdout,
    );
    const second = await run('rotate-key', ['accounts', 'rotate-key', '--json'], rotated);
    assert.deepEqual(JSON.parse(second.stdout).clientSecrets, { encrypted: 0, reencrypted: 0, unchanged: 1 });
    assert.equal((await run('rotate-key text', ['accounts', 'rotate-key'], rotated)).code, 0);
    const [row] = await rawRows();
    assert.ok(row!.client_secret.startsWith(`enc:v1:${keyIdOf(NEW_KEY)}:`));
    assert.ok(row!.access_token!.startsWith(`enc:v1:${keyIdOf(NEW_KEY)}:`));

    const wrong = await run('wrong key', ['sync', 'incremental', '--account', String(accountId)]);
    assert.equal(wrong.code, 78, wrong.stderr);
    const unknownKey = new RegExp(
      `stored client secret of account ${accountId} is encrypted with key ${keyIdOf(NEW_KEY)}, which is not configured \\(configured key ids: ${keyIdOf(KEY)}\\)`,
    );
    assert.match(wrong.stderr, unknownKey);
    const register = await run('wrong key register', [
      'webhook',
      'register',
      '--account',
      String(accountId),
      '--url',
      'https://hooks.example.com/h',
    ]);
    assert.equal(register.code, 78, register.stderr);
    const errorLines = register.stderr.split('\n').filter((line) => line.includes('"level":"error"'));
    assert.equal(errorLines.length, 1, register.stderr);
    assert.match(errorRecord(register.stderr)?.msg ?? '', unknownKey);
    for (const output of [wrong, register]) assert.doesNotMatch(output.stderr, /\n\s+at /, 'no stack trace');
    const noKey = await run('rotate without key', ['accounts', 'rotate-key'], {
      HOSTAWAY_SYNC_ENCRYPTION_KEY: '',
    });
    assert.equal(noKey.code, 78, noKey.stderr);
    const badKey = await run('malformed key', ['status'], { HOSTAWAY_SYNC_ENCRYPTION_KEY: 'x'.repeat(40) });
    assert.equal(badKey.code, 78, badKey.stderr);
    assert.ok(!badKey.stderr.includes('x'.repeat(40)));
  });

  it('no output ever held a secret, a token, the webhook password or a key', () => {
    const forbidden = [
      secret,
      WRONG_SECRET,
      WEBHOOK_PASSWORD,
      ...recorder.tokens,
      ...keyForms(KEY),
      ...keyForms(NEW_KEY),
    ];
    assert.ok(outputs.length > 20, `${outputs.length} outputs collected`);
    assert.ok(
      outputs.some((o) => o.step === 'webhook serve' && /"level":"debug"/.test(o.text)),
      'debug logs were on',
    );
    for (const { step, text } of outputs) {
      for (const value of forbidden) assert.ok(!text.includes(value), `${step} printed a secret`);
    }
  });
});
