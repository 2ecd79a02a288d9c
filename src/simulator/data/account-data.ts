import type { Rng } from '../core/prng.js';
import type { HostawayRecord } from '../templates/key-template.js';
import type { IdCounters } from './ids.js';
import type { PendingThread } from './threads.js';

/** Everything a generator needs to know about the account it is filling. */
export interface GenerationContext {
  rng: Rng;
  /** Account-level seed; threads derive their own random source from it and the conversation id. */
  seed: number;
  accountId: number;
  accountIndex: number;
  /** Midnight UTC of the simulator's creation day: generated history lies before it, schedules after. */
  anchorMs: number;
  counters: IdCounters;
}

/** Filled only in the includeResources=1 form of a reservation. */
export interface ReservationResources {
  customFieldValues: HostawayRecord[];
  reservationFees: HostawayRecord[];
}

/** The upstream data of one account. Objects are stored exactly as served, in template key order. */
export interface AccountData extends GenerationContext {
  listings: Map<number, HostawayRecord>;
  /** Plain form (customFieldValues/reservationFees are []); see `resources`. */
  reservations: Map<number, HostawayRecord>;
  resources: Map<number, ReservationResources>;
  /** Conversations with null `conversationMessages`/`Reservation` placeholders (filled when served). */
  conversations: Map<number, HostawayRecord>;
  /** Built messages per conversation id, in ascending id order, every status included. */
  messages: Map<number, HostawayRecord[]>;
  /** Threads not built yet (each conversation is in exactly one of `messages` and `pendingThreads`). */
  pendingThreads: Map<number, PendingThread>;
  /** Unified webhooks configured through the API. */
  webhooks: Map<number, HostawayRecord>;
  /** Derived views (sort orders); cleared by every mutation. */
  cache: Map<string, HostawayRecord[]>;
}

export function readString(record: HostawayRecord, key: string): string {
  const value = record[key];
  if (typeof value !== 'string') throw new TypeError(`simulator: ${key} is not a string`);
  return value;
}

export function readNumber(record: HostawayRecord, key: string): number {
  const value = record[key];
  if (typeof value !== 'number') throw new TypeError(`simulator: ${key} is not a number`);
  return value;
}

/** A nullable string field (datetimes such as messageSentOn). */
export function readOptionalString(record: HostawayRecord, key: string): string | null {
  const value = record[key];
  return typeof value === 'string' ? value : null;
}
