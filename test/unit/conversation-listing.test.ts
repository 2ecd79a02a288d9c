import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostawayConversation } from '../../src/hostaway/types.js';
import { createOrderCheck, mayStopListingEarly } from '../../src/sync/resources/conversation-listing.js';

const page = (...sent: (string | null)[]) =>
  sent.map((messageSentOn, i) => ({ id: i + 1, messageSentOn }) as HostawayConversation);

describe('conversation listing order and relist interval', () => {
  it('accepts newest first across pages, ties and trailing nulls', () => {
    const inOrder = createOrderCheck();
    assert.equal(inOrder(page('2026-11-02 10:00:00', '2026-11-02 10:00:00', '2026-11-01 09:00:00')), true);
    assert.equal(inOrder(page('2026-11-01 09:00:00', null, null)), true);
  });

  it('stays unsorted once a pair is out of order, also across a page boundary', () => {
    const inOrder = createOrderCheck();
    assert.equal(inOrder(page('2026-11-02 10:00:00', '2026-11-01 10:00:00')), true);
    assert.equal(inOrder(page('2026-11-03 10:00:00')), false);
    assert.equal(inOrder(page('2026-10-01 10:00:00')), false);
    assert.equal(createOrderCheck()(page(null, '2026-11-01 10:00:00')), false, 'a null before a date');
  });

  it('may stop early only with a complete listing younger than the interval', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    const cursor = (at: string) => ({ lastCompleteListingAt: at });
    assert.equal(mayStopListingEarly(undefined, 24, now), false);
    assert.equal(mayStopListingEarly({ lastCompleteListingAt: 'yesterday' }, 24, now), false);
    assert.equal(mayStopListingEarly(cursor('2026-11-28T01:00:00Z'), 24, now), true);
    assert.equal(mayStopListingEarly(cursor('2026-11-27T11:00:00Z'), 24, now), false);
    assert.equal(mayStopListingEarly(cursor('2026-11-28T11:59:00Z'), 0, now), false, '0: always list all');
  });
});
