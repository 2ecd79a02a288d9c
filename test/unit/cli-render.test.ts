import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import stringWidth from 'string-width';
import { formatTable } from '../../src/cli/render/table.js';
import { formatAgo, formatDuration, formatIn } from '../../src/durations.js';

describe('terminal rendering', () => {
  it('aligns table columns by terminal width, wide characters included', () => {
    const lines = formatTable(
      ['GUEST', 'NIGHTS', 'CITY'],
      [
        ['山田 太郎', 3, 'Tōkyō'],
        ['Ann', 12, 'Lyon'],
      ],
    )
      .trimEnd()
      .split('\n');
    const cityColumn = lines.map((line) => stringWidth(line.slice(0, line.search(/(Tōkyō|Lyon|CITY)$/))));
    assert.deepEqual(new Set(cityColumn).size, 1, lines.join('\n'));
  });

  it('writes durations with two units at most', () => {
    assert.equal(formatDuration(1437 * 60_000), '23h 57m');
    assert.equal(formatAgo(112_000), '1m 52s ago');
    assert.equal(formatAgo(null), 'never');
    assert.equal(formatIn(90 * 60_000), 'in 1h 30m');
    assert.equal(formatIn(0), 'now');
    assert.equal(formatDuration(86_400_000), '1d');
  });
});
