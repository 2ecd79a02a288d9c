import { isDeepStrictEqual } from 'node:util';
import type { HostawayConversation } from '../../hostaway/types.js';
import { emptyCounts, type ResourceCounts } from '../types.js';
import { toId } from './to-id.js';

/** A thread failed in earlier runs: its failed attempts so far and the conversation version they were for. */
export interface EarlierThreadFailure {
  attempts: number;
  conversation: Record<string, unknown>;
}

/** What a threads pass has done so far, across head pages, swept pages and lookups by reservation. */
export interface Tally {
  counts: ResourceCounts;
  failedIds: number[];
  errors: string[];
  withoutReservation: number;
  /** Threads whose messages were fetched in this pass. */
  fetchedIds: number[];
  /** Threads whose messages could not be fetched, with the conversation as listed. */
  failures: { conversationId: number; conversation: HostawayConversation; error: string }[];
  /** Threads failed in earlier runs, by conversation id. */
  earlierFailures: ReadonlyMap<number, EarlierThreadFailure>;
  /** Attempts after which an incremental pass stops retrying a thread's failing version. */
  maxAttempts: number;
  /** Set when the pass read the whole conversation list and proved it complete. */
  listedAll: boolean;
  /** The batch of threads being written behind the fetches (see `writeBehind`), settled when none is. */
  writing: Promise<void>;
  /** Guest messages fetched that no webhook had stored (counted only when `ResourceContext.watchWebhooks`). */
  missedByWebhooks?: number;
}

export function createTally(
  earlierFailures: ReadonlyMap<number, EarlierThreadFailure>,
  maxAttempts: number,
  counts: ResourceCounts = emptyCounts(),
): Tally {
  return {
    counts,
    failedIds: [],
    errors: [],
    withoutReservation: 0,
    fetchedIds: [],
    failures: [],
    earlierFailures,
    maxAttempts,
    listedAll: false,
    writing: Promise.resolve(),
  };
}

/** A thread whose failing version an incremental pass no longer tries (it failed `maxAttempts` runs in a row). */
export const isGivenUp = (tally: Tally, conversationId: number) =>
  (tally.earlierFailures.get(conversationId)?.attempts ?? 0) >= tally.maxAttempts;

/**
 * Whether this listed conversation is the very version given up on. Giving up only stops retrying that
 * version: once the conversation changes (a new message, new timestamps) it is fetched like any other.
 */
export function isGivenUpVersion(tally: Tally, conversation: HostawayConversation): boolean {
  const id = toId(conversation.id);
  if (id === null || !isGivenUp(tally, id)) return false;
  return isDeepStrictEqual(tally.earlierFailures.get(id)!.conversation, conversation);
}

/**
 * Given-up threads this pass neither fetched nor tried (`seen`: the conversations it listed): their stored
 * messages may be behind Hostaway's. Those a complete listing no longer holds are gone, not given up.
 */
export function givenUpLeft(tally: Tally, seen: ReadonlySet<number>): number[] {
  const tried = new Set([...tally.fetchedIds, ...tally.failedIds]);
  return [...tally.earlierFailures.keys()]
    .filter((id) => isGivenUp(tally, id) && !tried.has(id) && !(tally.listedAll && !seen.has(id)))
    .sort((a, b) => a - b);
}
