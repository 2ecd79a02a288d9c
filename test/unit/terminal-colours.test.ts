import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRuntime } from '../../src/cli/runtime.js';
import { createTestIo } from '../helpers/runtime.js';

/** Colours (and progress bars) only for a person at a terminal; NO_COLOR and --no-color turn colours off. */
describe('terminal colours', () => {
  const levelOf = (options: { tty: boolean; env?: Record<string, string>; color?: boolean }) => {
    const io = createTestIo({ env: { LOG_LEVEL: 'warn', ...options.env } });
    io.stderr.isTTY = options.tty;
    const runtime = createRuntime({ color: options.color }, io);
    return { level: runtime.color.level, human: runtime.human };
  };

  it('on a terminal: colours and human output', () => {
    assert.deepEqual(levelOf({ tty: true }), { level: 1, human: true });
  });

  it('NO_COLOR (any value) or --no-color: no colours, still human output', () => {
    assert.deepEqual(levelOf({ tty: true, env: { NO_COLOR: '1' } }), { level: 0, human: true });
    assert.deepEqual(levelOf({ tty: true, color: false }), { level: 0, human: true });
  });

  it('off a terminal, or with LOG_FORMAT=json: no colours and no progress bars', () => {
    assert.deepEqual(levelOf({ tty: false }), { level: 0, human: false });
    assert.deepEqual(levelOf({ tty: true, env: { LOG_FORMAT: 'json' } }).human, false);
  });
});
