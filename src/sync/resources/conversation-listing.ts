import { HOUR_MS } from '../../durations.js';
import type { HostawayConversation } from '../../hostaway/types.js';
import { parseHostawayTime } from '../../hostaway-time.js';

export interface ThreadsCursor {
  /** When the last pass that read the whole conversation list started (this process's clock, ISO 8601). */
  lastCompleteListingAt?: string;
  /** Item offset where the next rolling sweep starts (0: the start of the list). */
  sweepOffset?: number;
  /** The list total Hostaway reported when the sweep offset was stored. */
  sweepTotal?: number;
  /**
   * Reservation id → the stored reservation's `updatedOn` when its thread was fetched again because the
   * thread embedded another version of it, and the fetch did not clear that (Hostaway still embeds the other
   * version). Such a thread is not fetched again until the stored reservation changes.
   */
  staleChecked?: Record<string, string | null>;
  /** The last conversation id reconcile's rolling verification read (the next pass continues after it). */
  verifiedThrough?: number;
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The stored threads cursor, keeping only well-formed fields (anything else reads as absent). */
export function readThreadsCursor(cursor: unknown): ThreadsCursor {
  const raw = (typeof cursor === 'object' && cursor !== null ? cursor : {}) as Record<string, unknown>;
  const read: ThreadsCursor = {};
  const at = raw.lastCompleteListingAt;
  if (typeof at === 'string' && !Number.isNaN(Date.parse(at))) read.lastCompleteListingAt = at;
  if (isCount(raw.sweepOffset)) read.sweepOffset = raw.sweepOffset;
  if (isCount(raw.sweepTotal)) read.sweepTotal = raw.sweepTotal;
  if (isCount(raw.verifiedThrough)) read.verifiedThrough = raw.verifiedThrough;
  const checked = raw.staleChecked;
  if (typeof checked === 'object' && checked !== null && !Array.isArray(checked)) {
    read.staleChecked = Object.fromEntries(
      Object.entries(checked).filter(([, v]) => typeof v === 'string' || v === null),
    ) as Record<string, string | null>;
  }
  return read;
}

/** Whether an incremental pass may stop the conversation list early, given the stored cursor. */
export function mayStopListingEarly(cursor: unknown, relistHours: number, nowMs: number): boolean {
  const at = readThreadsCursor(cursor).lastCompleteListingAt;
  if (at === undefined) return false;
  return nowMs - Date.parse(at) < relistHours * HOUR_MS;
}

/**
 * Where this run's sweep starts (an item offset). The list is newest first by `messageSentOn`, and the
 * changes that keep it so only ever move a conversation to the front (a sent message raises its
 * `messageSentOn`; a new conversation starts there): those it passes sit one place further back, the others
 * keep their place, none moves toward the front. So a conversation at or after the stored offset is still at or after it
 * on the next run, and a sweep that goes forward from there may read one twice but never jumps over one;
 * one that moved to the front changed, and the head of the list (read until a wholly unchanged page) reads
 * it. A guest message changes `messageReceivedOn`, not `messageSentOn`: such a conversation stays where it is
 * and the sweep reaches it within one cycle.
 *
 * Limit: a conversation leaving the list (its reservation deleted) moves every one behind it one place
 * toward the front, and the sweep could jump over as many at its boundary. When the reported total shrank
 * since the offset was stored, the sweep starts that many items earlier; a deletion balanced by a
 * conversation added at the end (one without messages sorts last) is not seen that way, and what it makes
 * the sweep miss waits for the next cycle or the complete listing. Pages the head read in this run are
 * skipped (`headEnd`), and an offset past the end wraps to the first page after the head.
 */
export function sweepStart(cursor: ThreadsCursor, headEnd: number, total: number | undefined): number {
  const shrank =
    cursor.sweepTotal !== undefined && total !== undefined ? Math.max(0, cursor.sweepTotal - total) : 0;
  const start = Math.max((cursor.sweepOffset ?? 0) - shrank, headEnd);
  return total !== undefined && start >= total ? headEnd : start;
}

/**
 * Follows the listing page by page and says whether everything seen so far came newest first by
 * `messageSentOn` (conversations without one last). The order is undocumented: once one pair is out of
 * order, the list counts as unsorted for the rest of the pass.
 */
export function createOrderCheck(): (page: readonly HostawayConversation[]) => boolean {
  let previous = Infinity;
  let ordered = true;
  return (page) => {
    for (const conversation of page) {
      const key = parseHostawayTime(conversation.messageSentOn) ?? -Infinity;
      if (key > previous) ordered = false;
      previous = key;
    }
    return ordered;
  };
}
