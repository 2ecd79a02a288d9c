import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';

/** A database nobody listens on: a command that opened it would end with 69, not with its usage code. */
const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere', LOG_FORMAT: 'json' };

describe('usage errors of the built CLI', () => {
  for (const [args, code] of [
    [['sync', 'full'], 2],
    [['sync', 'reconcile'], 2],
    [['sync', 'full', '--account', '1', '--shard', '0/2'], 2],
    [['sync', 'incremental', '--all', '--max-duration', '4m'], 2],
    [['sync', 'incremental', '--all', '--wait'], 2],
    [['sync', 'full', '--due'], 2],
    [['accounts', 'remove', '5', '--hard'], 78],
  ] as const) {
    it(`${args.join(' ')}: exit ${code} with one line, without opening the database`, async () => {
      const result = await runCli([...args], { env });
      assert.equal(result.code, code, result.stderr);
      assert.doesNotMatch(result.stderr, /using database|ECONNREFUSED/);
      assert.equal(result.stderr.split('\n').filter((l) => /"level":"error"|^error:/.test(l)).length, 1);
    });
  }

  it("shows commander's suggestion as a hint line, not a literal \\n", async () => {
    const result = await runCli(['sync', 'fulll'], { env: { ...env, LOG_FORMAT: 'pretty' } });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: unknown command 'fulll'\nhint: did you mean full\?\n/);
    assert.doesNotMatch(result.stderr, /\\n/);
  });

  it('off a terminal, writes the final error as one JSON log record', async () => {
    for (const args of [
      ['sync', 'fulll'],
      ['sync', 'full'],
    ]) {
      const result = await runCli(args, { env: { DATABASE_URL: env.DATABASE_URL } });
      assert.equal(result.code, 2);
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      const record = JSON.parse(lines[0]!) as Record<string, unknown>;
      assert.equal(record.level, 'error');
      assert.equal(record.exitCode, 2);
      assert.equal(typeof record.msg, 'string');
      assert.match(String(record.hint), args[1] === 'fulll' ? /did you mean full\?/ : /--account/);
    }
  });

  it('off a terminal, --json is one compact object on one line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hostaway-sync-json-lines-'));
    try {
      const result = await runCli(['migrate', '--json'], { env: { HOSTAWAY_SYNC_DATA_DIR: dataDir } });
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.split('\n');
      assert.deepEqual(lines.slice(1), [''], 'one line, ended by a newline');
      assert.ok(Array.isArray((JSON.parse(lines[0]!) as { applied: unknown }).applied));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('sync full --help offers no fleet-scheduling flags', async () => {
    const full = await runCli(['sync', 'full', '--help'], { env });
    assert.equal(full.code, 0);
    assert.doesNotMatch(full.stdout, /--due|--wait|--max-duration/);
    const incremental = await runCli(['sync', 'incremental', '--help'], { env });
    assert.match(incremental.stdout, /--due[\s\S]*--max-duration[\s\S]*--wait/);
  });
});
