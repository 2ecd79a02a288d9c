import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseShard } from '../../src/cli/commands/sync.js';
import { inShard } from '../../src/sync/shard.js';

describe('shards', () => {
  it('partition any set of accounts exactly: every account in one shard, none in two', () => {
    const accounts = Array.from({ length: 997 }, (_, i) => 10_000 + i * 7);
    for (const count of [1, 2, 3, 4, 10]) {
      const owners = accounts.map((id) =>
        Array.from({ length: count }, (_, index) => index).filter((index) => inShard(id, { index, count })),
      );
      assert.ok(
        owners.every((o) => o.length === 1),
        `count ${count}`,
      );
      const sizes = Array.from({ length: count }, (_, index) => owners.filter((o) => o[0] === index).length);
      assert.ok(
        Math.max(...sizes) - Math.min(...sizes) <= Math.ceil(997 / count / 5),
        `balanced: ${sizes.join(',')}`,
      );
    }
  });

  it('parses i/n and rejects nonsense', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    for (const bad of ['4/4', '1/0', 'a/b', '1', '-1/2']) assert.throws(() => parseShard(bad), bad);
  });
});
