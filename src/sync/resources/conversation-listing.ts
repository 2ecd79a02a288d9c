import type { HostawayConversation } from '../../hostaway/types.js';
import { parseHostawayTime } from './hostaway-time.js';

/**
 * When the last complete conversation listing is older than this, an incremental pass lists every
 * conversation again instead of stopping early: it catches a conversation that changed without moving to
 * the front of the list (for example a guest message, which does not change `messageSentOn`).
 */
export const DEFAULT_CONVERSATION_RELIST_HOURS = 24;

export interface ThreadsCursor {
  /** When the last pass that read the whole conversation list started (this process's clock, ISO 8601). */
  lastCompleteListingAt: string;
}

export function readThreadsCursor(cursor: unknown): ThreadsCursor | undefined {
  const at = (cursor as Partial<ThreadsCursor> | null | undefined)?.lastCompleteListingAt;
  return typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? { lastCompleteListingAt: at } : undefined;
}

/** Whether an incremental pass may stop the conversation list early, given the stored cursor. */
export function mayStopListingEarly(cursor: unknown, relistHours: number, nowMs: number): boolean {
  const previous = readThreadsCursor(cursor);
  if (previous === undefined) return false;
  return nowMs - Date.parse(previous.lastCompleteListingAt) < relistHours * 3_600_000;
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
