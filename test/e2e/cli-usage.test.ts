import assert from 'node:assert/strict';
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
    const result = await runCli(['sync', 'fulll'], { env });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: unknown command 'fulll'\nhint: did you mean full\?\n/);
    assert.doesNotMatch(result.stderr, /\\n/);
  });

  it('sync full --help offers no fleet-scheduling flags', async () => {
    const full = await runCli(['sync', 'full', '--help'], { env });
    assert.equal(full.code, 0);
    assert.doesNotMatch(full.stdout, /--due|--wait|--max-duration/);
    const incremental = await runCli(['sync', 'incremental', '--help'], { env });
    assert.match(incremental.stdout, /--due[\s\S]*--max-duration[\s\S]*--wait/);
  });
});
