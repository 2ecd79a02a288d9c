import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRateGate, createSlidingWindow, windowWaitMs } from '../../src/hostaway/rate-gate.js';

/** The largest number of grants inside any window of `windowMs` (the strictest reading of a limit). */
function maxInAnyWindow(stamps: number[], windowMs: number): number {
  let max = 0;
  for (let i = 0; i < stamps.length; i += 1) {
    let n = 0;
    for (let j = i; j < stamps.length && stamps[j]! < stamps[i]! + windowMs; j += 1) n += 1;
    max = Math.max(max, n);
  }
  return max;
}

describe('sliding-window rate gate', () => {
  it('computes the wait until the oldest grant leaves the window', () => {
    const window = createSlidingWindow(2, 1000);
    window.stamps.push(100, 400);
    assert.equal(windowWaitMs(window, 500), 600);
    assert.equal(windowWaitMs(window, 1100), 0, 'the grant at 100 left the window at 1100');
    assert.deepEqual(window.stamps, [400]);
  });

  it('never lets any sliding window exceed the per-IP or per-account limit', async () => {
    const gate = createRateGate();
    const ip = createSlidingWindow(6, 200);
    const accounts = [createSlidingWindow(4, 200), createSlidingWindow(4, 200), createSlidingWindow(4, 200)];
    const grants: { at: number; account: number }[] = [];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        gate.acquire([ip, accounts[i % 3]!]).then(() => grants.push({ at: performance.now(), account: i % 3 })),
      ),
    );
    const all = grants.map((g) => g.at).sort((a, b) => a - b);
    assert.ok(maxInAnyWindow(all, 200) <= 6, `ip window exceeded: ${maxInAnyWindow(all, 200)}`);
    for (const account of [0, 1, 2]) {
      const mine = grants.filter((g) => g.account === account).map((g) => g.at);
      assert.ok(maxInAnyWindow(mine, 200) <= 4);
    }
  });

  it('lets an account with room pass while another waits on its own limit', async () => {
    const gate = createRateGate();
    const ip = createSlidingWindow(100, 10_000);
    const busy = createSlidingWindow(1, 10_000);
    const idle = createSlidingWindow(10, 10_000);
    await gate.acquire([ip, busy]);
    const blocked = gate.acquire([ip, busy]);
    const started = performance.now();
    await gate.acquire([ip, idle]);
    assert.ok(performance.now() - started < 50, 'the idle account was not held up');
    assert.equal(gate.pending, 1);
    void blocked;
  });
});
