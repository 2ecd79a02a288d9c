import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocateShares } from '../../src/db/rate-budget/lease-allocation.js';

const shares = (limit: number, floor: number, demanders: [string, number][]) =>
  Object.fromEntries(
    allocateShares(
      limit,
      floor,
      demanders.map(([holder, rank]) => ({ holder, rank })),
    ),
  );

describe('splitting a pool among the processes that want requests', () => {
  it('gives a process alone the whole limit and splits it evenly among equals', () => {
    assert.deepEqual(shares(15, 2, [['a', 1]]), { a: 15 });
    assert.deepEqual(
      shares(15, 2, [
        ['d', 1],
        ['b', 1],
        ['a', 1],
        ['c', 1],
      ]),
      { a: 4, b: 4, c: 4, d: 3 },
    );
  });

  it('serves the most urgent first: background keeps its floor, a less urgent incremental gets nothing', () => {
    assert.deepEqual(
      shares(15, 2, [
        ['web', 0],
        ['inc', 1],
        ['full', 2],
      ]),
      { web: 13, inc: 0, full: 2 },
    );
    assert.deepEqual(
      shares(5, 2, [
        ['inc', 1],
        ['full', 2],
      ]),
      { inc: 3, full: 2 },
    );
    assert.deepEqual(
      shares(15, 2, [
        ['full', 2],
        ['full2', 2],
      ]),
      { full: 8, full2: 7 },
    );
  });
});
