import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostawayConversation } from '../../src/hostaway/types.js';
import {
  createOrderCheck,
  mayStopListingEarly,
  readThreadsCursor,
  sweepStart,
} from '../../src/sync/resources/conversation-listing.js';

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

  it('reads the cursor field by field, dropping malformed ones', () => {
    assert.deepEqual(readThreadsCursor(null), {});
    assert.deepEqual(readThreadsCursor('x'), {});
    assert.deepEqual(
      readThreadsCursor({
        lastCompleteListingAt: 'never',
        sweepOffset: -1,
        sweepTotal: 2.5,
        staleChecked: [],
      }),
      {},
    );
    const cursor = {
      lastCompleteListingAt: '2026-11-28T01:00:00Z',
      sweepOffset: 300,
      sweepTotal: 520,
      staleChecked: { '7': '2026-11-01 10:00:00', '8': null, '9': 3 },
    };
    assert.deepEqual(readThreadsCursor(cursor), {
      ...cursor,
      staleChecked: { '7': '2026-11-01 10:00:00', '8': null },
    });
  });

  it('starts the sweep at the stored offset, past the head, earlier by what the list lost, wrapping at the end', () => {
    assert.equal(sweepStart({}, 100, 520), 100, 'no offset yet: the first page after the head');
    assert.equal(sweepStart({ sweepOffset: 300, sweepTotal: 520 }, 100, 520), 300);
    assert.equal(sweepStart({ sweepOffset: 300, sweepTotal: 520 }, 400, 520), 400, 'the head read past it');
    assert.equal(
      sweepStart({ sweepOffset: 300, sweepTotal: 520 }, 100, 517),
      297,
      'three conversations gone',
    );
    assert.equal(sweepStart({ sweepOffset: 300, sweepTotal: 520 }, 100, 530), 300, 'grown: no change');
    assert.equal(sweepStart({ sweepOffset: 300 }, 100, undefined), 300, 'no totals: as stored');
    assert.equal(sweepStart({ sweepOffset: 400, sweepTotal: 600 }, 100, 450), 250, 'many gone');
    assert.equal(sweepStart({ sweepOffset: 600, sweepTotal: 600 }, 100, 250), 100, 'was at the end: wraps');
    assert.equal(sweepStart({ sweepOffset: 500, sweepTotal: 500 }, 100, 500), 100, 'at the end: wraps');
  });
});
