import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunResult } from '../../src/sync/types.js';
import { createWorkerState } from '../../src/worker/worker-state.js';

const result = (accountId: number, status: RunResult['status']) => ({ accountId, status }) as RunResult;

describe('worker liveness', () => {
  const setup = (loops: number) => {
    let now = 0;
    const state = createWorkerState({ stallMs: 1000, loops, now: () => now });
    return { state, advance: (ms: number) => (now += ms) };
  };

  it('is live while the claim loops turn, stalled once they stop for longer than the bound', () => {
    const { state, advance } = setup(1);
    advance(900);
    state.tick();
    advance(900);
    assert.equal(state.liveness().live, true);
    advance(200);
    assert.deepEqual(state.liveness(), {
      live: false,
      status: 'stalled',
      detail: 'no claim loop has turned for 1 s',
    });
  });

  it('a run in progress must move on; its loop is then not expected to turn', () => {
    const { state, advance } = setup(1);
    state.runStarted(7);
    advance(900);
    state.progressed(7);
    advance(900);
    assert.equal(state.liveness().live, true, 'the only loop is busy with a run that moves on');
    advance(200);
    assert.equal(state.liveness().detail, 'the run of account 7 has not moved on for 1 s');
    state.runFinished(result(7, 'succeeded'));
    state.tick();
    assert.equal(state.liveness().live, true);
    assert.equal(state.inProgress, 0);
  });

  it('with a free loop, the loops must turn even while a run moves on', () => {
    const { state, advance } = setup(2);
    state.runStarted(7);
    advance(1100);
    state.progressed(7);
    assert.equal(state.liveness().detail, 'no claim loop has turned for 1 s');
  });

  it('counts finished runs by status', () => {
    const { state } = setup(2);
    for (const [id, status] of [
      [1, 'succeeded'],
      [2, 'interrupted'],
      [3, 'succeeded'],
    ] as const) {
      state.runStarted(id);
      state.runFinished(result(id, status));
    }
    assert.deepEqual(state.finished, { succeeded: 2, partial: 0, failed: 0, skipped: 0, interrupted: 1 });
  });
});
