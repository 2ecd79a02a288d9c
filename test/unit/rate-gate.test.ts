import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createRateGate,
  createSlidingWindow,
  windowWaitMs,
  type SlidingWindow,
} from '../../src/hostaway/rate-gate.js';

/** The largest number of events inside any half-open window [t, t + windowMs). */
function maxInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    let n = 0;
    for (let j = i; j < sorted.length && sorted[j]! < sorted[i]! + windowMs; j += 1) n += 1;
    max = Math.max(max, n);
  }
  return max;
}

/**
 * Drives `count` requests through the gate like the client does: each request "arrives at the server" after
 * a random latency and is released when its response comes back after a further random delay.
 */
async function simulateTraffic(windows: (i: number) => SlidingWindow[], count: number) {
  const gate = createRateGate();
  const arrivals: { at: number; i: number }[] = [];
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const grant = await gate.acquire(windows(i));
      await pause(Math.random() * 15);
      arrivals.push({ at: Date.now(), i });
      await pause(Math.random() * 15);
      grant.release();
    }),
  );
  return arrivals;
}

describe('sliding-window rate gate', () => {
  it('computes the wait until the oldest released slot leaves the window', () => {
    const window = createSlidingWindow(2, 1000);
    window.slots.push({ at: 100 }, { at: 400 });
    assert.equal(windowWaitMs(window, 500), 600);
    assert.equal(windowWaitMs(window, 1100), 0, 'the slot released at 100 left the window at 1100');
    assert.equal(window.slots.length, 1);
  });

  it('keeps a slot occupied while its request is in flight', () => {
    const window = createSlidingWindow(1, 1000);
    window.slots.push({ at: Infinity });
    assert.equal(windowWaitMs(window, 5000), Infinity);
  });

  it('never lets the server see more than the limit in any window, whatever the latency', async () => {
    const ip = createSlidingWindow(6, 200);
    const accounts = [0, 1, 2].map(() => createSlidingWindow(4, 200));
    const arrivals = await simulateTraffic((i) => [ip, accounts[i % 3]!], 30);
    assert.equal(arrivals.length, 30);
    assert.ok(
      maxInAnyWindow(
        arrivals.map((a) => a.at),
        200,
      ) <= 6,
    );
    for (const account of [0, 1, 2]) {
      const mine = arrivals.filter((a) => a.i % 3 === account).map((a) => a.at);
      assert.ok(maxInAnyWindow(mine, 200) <= 4);
    }
  });

  it('uses the budget: 12 requests at 6 per 200 ms take about one window, not more', async () => {
    const ip = createSlidingWindow(6, 200);
    const started = Date.now();
    await simulateTraffic(() => [ip], 12);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 200, `too fast: ${elapsed} ms`);
  });

  it('lets an account with room pass while another waits on its own limit', async () => {
    const gate = createRateGate();
    const ip = createSlidingWindow(100, 10_000);
    const busy = createSlidingWindow(1, 100);
    const idle = createSlidingWindow(10, 10_000);
    (await gate.acquire([ip, busy])).release();
    void gate.acquire([ip, busy]);
    const grant = await gate.acquire([ip, idle]);
    assert.ok(grant.waitedMs < 50, 'the idle account was not held up');
    assert.equal(gate.pending, 1);
  });

  it('serves more urgent waiters first, in order within a rank', async () => {
    const gate = createRateGate();
    const ip = createSlidingWindow(1, 10_000);
    const first = await gate.acquire([ip]);
    const order: string[] = [];
    const wait = (name: string, rank: number) =>
      gate.acquire([ip], rank).then((grant) => {
        order.push(name);
        ip.slots.length = 0; // room again for the next one
        grant.release();
      });
    const all = [wait('bg1', 2), wait('inc1', 1), wait('bg2', 2), wait('web1', 0), wait('inc2', 1)];
    ip.slots.length = 0;
    first.release();
    await Promise.all(all);
    assert.deepEqual(order, ['web1', 'inc1', 'inc2', 'bg1', 'bg2']);
  });
});
