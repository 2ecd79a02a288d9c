import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONFIG_DEFAULTS } from '../../src/config.js';
import { cappedRetryAfterMs } from '../../src/hostaway/retry-policy.js';

const DEFAULT_RETRY_AFTER_MAX_MS = CONFIG_DEFAULTS.http.retryAfterMaxMs;

describe('Retry-After cap', () => {
  const timing = (random: number, retryAfterMaxMs?: number) => ({
    baseMs: 500,
    rateLimitBackoffMs: 10_000,
    random: () => random,
    ...(retryAfterMaxMs === undefined ? {} : { retryAfterMaxMs }),
  });

  it('honours a Retry-After up to the cap, plus at most 10 % jitter', () => {
    assert.equal(cappedRetryAfterMs(3_000, timing(0)), 3_000);
    assert.equal(cappedRetryAfterMs(3_000, timing(0.999)), 3_300);
    assert.equal(cappedRetryAfterMs(DEFAULT_RETRY_AFTER_MAX_MS, timing(0)), DEFAULT_RETRY_AFTER_MAX_MS);
  });

  it('refuses to sleep past the cap (default 60 s, configurable)', () => {
    assert.equal(DEFAULT_RETRY_AFTER_MAX_MS, 60_000);
    assert.equal(cappedRetryAfterMs(86_400_000, timing(0)), undefined);
    assert.equal(cappedRetryAfterMs(60_001, timing(0)), undefined);
    assert.equal(cappedRetryAfterMs(5_000, timing(0, 2_000)), undefined);
    assert.equal(cappedRetryAfterMs(2_000, timing(0, 2_000)), 2_000);
  });
});
