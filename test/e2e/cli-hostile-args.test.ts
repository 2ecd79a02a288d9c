import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import {
  addFirstAccountWithCli,
  createCliEnvironment,
  type CliEnvironment,
} from '../helpers/cli-environment.js';
import { startSimulator } from '../helpers/hostaway.js';

/**
 * Hostile argument vectors over the built CLI (npm run build first). Each must exit with its documented
 * code, say why in exactly one error line (plus at most a hint), show no stack trace and change no data.
 * (A NUL byte cannot be passed at all: the kernel ends an argument at the first one.)
 */
const USAGE = 2;
const CONFIG = 78;
const NOT_FOUND = 2;
const U = '6f1c9a52-0d3e-4f43-9a57-1b2c3d4e5f60';

const CASES: [string[], number, Record<string, string>?][] = [
  // wrong types, huge numbers and empty strings
  [['sync', 'full', '--account', 'abc'], USAGE],
  [['sync', 'full', '--account', '99999999999999999999'], USAGE],
  [['sync', 'full', '--account', ''], USAGE],
  [['sync', 'full', '--account', '0'], USAGE],
  [['sync', 'full', '--account', '-5'], USAGE],
  [['sync', 'full', '--account', '1.5'], USAGE],
  [['sync', 'full', '--account', '0x10'], USAGE],
  [['sync', 'full', '--all', '--concurrency', '-1'], USAGE],
  [['sync', 'full', '--all', '--concurrency', '1e9'], USAGE],
  [['sync', 'full', '--all', '--concurrency', '0'], USAGE],
  [['sync', 'incremental', '--all', '--concurrency', '1000000000'], CONFIG],
  [['sync', 'full', '--all', '--shard', '3/2'], USAGE],
  [['sync', 'full', '--all', '--shard', 'x'], USAGE],
  [['sync', 'full', '--all', '--shard', '0/99999999999999999999'], USAGE],
  [['sync', 'full', '--all', '--shard', '-1/2'], USAGE],
  [['sync', 'full', '--all', '--shard', ''], USAGE],
  [['status', '--max-age', '5parsecs'], USAGE],
  [['status', '--max-age', '99999999999999999999d'], USAGE],
  [['status', '--max-age', ''], USAGE],
  [['status', '--account', 'abc'], USAGE],
  [['simulate', '--port', '70000'], USAGE],
  [['simulate', '--port', '-1'], USAGE],
  [['simulate', '--seed', '1e3'], USAGE],
  [['webhook', 'serve', '--port', '70000'], USAGE],
  [['webhook', 'serve', '--port', ''], USAGE],
  [['webhook', 'events', '--since', 'yesterday-ish'], USAGE],
  [['webhook', 'events', '--since', '99999999999999999999d'], USAGE],
  [['webhook', 'events', '--since', '-271821-04-20'], USAGE],
  [['webhook', 'events', '--limit', '-3'], USAGE],
  [['webhook', 'events', '--status', 'bogus'], USAGE],
  [['webhook', 'replay', '--id', '0'], USAGE],
  [['webhook', 'register', '--account', 'x', '--url', 'https://h.example/webhooks/hostaway'], USAGE],
  [['webhook', 'register', '--account', '1'], USAGE],
  [['webhook', 'register', '--account', '1', '--url', ''], USAGE],
  [['webhook', 'unregister', '--account', '99999999999999999999'], USAGE],
  [['accounts', 'update', 'abc', '--activate'], USAGE],
  [['accounts', 'remove', '-1'], USAGE],
  [['accounts', 'add', '--account-id', '5', '--customer-id', 'not-a-uuid', '--no-verify'], USAGE],
  [['accounts', 'add', '--account-id', '', '--customer-id', U], USAGE],
  [['demo', '--reservations', '0'], USAGE],
  [['sql', ''], USAGE],
  [['sql', 'select 1; drop schema hostaway cascade'], USAGE],
  // unknown accounts (the not-found code)
  [['sync', 'full', '--account', '424242'], NOT_FOUND],
  [['accounts', 'update', '424242', '--activate'], NOT_FOUND],
  [['accounts', 'remove', '424242'], NOT_FOUND],
  [['webhook', 'unregister', '--account', '424242'], NOT_FOUND],
  // conflicts, unknown commands and options
  [['sync', 'full', '--all', '--account', '1'], USAGE],
  [['sync', 'full'], USAGE],
  [['frobnicate'], USAGE],
  [['sync', 'sideways'], USAGE],
  [['sync', 'full', '--frobnicate'], USAGE],
  [['--log-level', 'nope', 'status'], USAGE],
  [['status', '--json', '--json=yes'], USAGE],
  [['', ''], USAGE],
  // bad environment
  [['status'], CONFIG, { LOG_LEVEL: 'loud' }],
  [['webhook', 'serve', '--port', '0'], CONFIG, { WEBHOOK_AUTH_MAX_FAILURES: 'abc' }],
  [['webhook', 'serve', '--port', '0'], CONFIG, { WEBHOOK_TRUST_PROXY: 'sometimes' }],
  [['sync', 'full', '--all'], CONFIG, { HOSTAWAY_SYNC_CONCURRENCY: '1e9' }],
];

/** Values with control characters, which the error line must show escaped. */
const CONTROL_CASES: string[][] = [
  ['sync', 'full', '--account', '1\n2'],
  ['sync', 'full', '--account', '\u001b[31m5'],
  ['webhook', 'events', '--since', '2h\r\nerror: forged'],
];

/** A fingerprint of every table in the hostaway schema: row count and an md5 of the rows. */
async function fingerprint(db: Database): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'hostaway' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const table = `hostaway."${name.replaceAll('"', '""')}"`;
    const { rows } = await db.query<{ n: string; h: string | null }>(
      `SELECT count(*)::text AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${table} t`,
    );
    out[name] = `${rows[0]!.n}:${rows[0]!.h ?? ''}`;
  }
  return out;
}

/** stderr is JSON log lines (not a terminal) and the CLI's own lines; returns the error-level ones. */
function errorLines(stderr: string): { errors: string[]; others: string[] } {
  const errors: string[] = [];
  const others: string[] = [];
  for (const line of stderr.split('\n').filter((l) => l.trim() !== '')) {
    let log: { level?: unknown } | undefined;
    try {
      log = JSON.parse(line) as { level?: unknown };
    } catch {
      log = undefined;
    }
    if (log !== undefined && log.level !== undefined) {
      if (['error', 'fatal'].includes(String(log.level)) || Number(log.level) >= 50) errors.push(line);
    } else if (line.startsWith('error:')) errors.push(line);
    else if (!/^hint: |^\(run with --help for usage\)$/.test(line)) others.push(line);
  }
  return { errors, others };
}

describe('the built CLI given hostile arguments', () => {
  let sim: Simulator;
  let cli: CliEnvironment;

  before(async () => {
    sim = await startSimulator({ seed: 21, accounts: 1, listings: 2, reservations: 5 });
    cli = await createCliEnvironment(sim);
    const accountId = await addFirstAccountWithCli(sim, cli.env);
    assert.equal((await runCli(['sync', 'full', '--account', String(accountId)], { env: cli.env })).code, 0);
  });
  after(async () => {
    await sim.close();
    await cli.cleanup();
  });

  it('exits 2 or 78 with one error line, no stack trace and no change to the data', async () => {
    const before = await cli.withDb(fingerprint);
    assert.ok(Number(before.reservations?.split(':')[0]) > 0, 'the fixture has data to protect');
    const failures: string[] = [];
    for (const [args, expected, env] of CASES) {
      const result = await runCli(args, { env: { ...cli.env, ...env } });
      const label = JSON.stringify(args);
      const { errors, others } = errorLines(result.stderr);
      if (result.code !== expected)
        failures.push(`${label}: exit ${result.code}, expected ${expected}: ${result.stderr}`);
      if (errors.length !== 1) failures.push(`${label}: ${errors.length} error lines: ${result.stderr}`);
      if (others.length > 0) failures.push(`${label}: unexpected stderr lines: ${others.join(' / ')}`);
      if (/^\s+at /m.test(result.stderr)) failures.push(`${label}: stack trace`);
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(await cli.withDb(fingerprint), before);
  });

  it('escapes control characters of a rejected value in its error line', async () => {
    for (const args of CONTROL_CASES) {
      const result = await runCli(args, { env: cli.env });
      assert.equal(result.code, USAGE);
      assert.equal(errorLines(result.stderr).errors.length, 1, result.stderr);
      assert.doesNotMatch(result.stderr.replace(/\n/g, ''), /\p{Cc}/u, JSON.stringify(result.stderr));
    }
  });
});
