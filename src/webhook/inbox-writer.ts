import type { Database, Queryable } from '../db/database.js';
import { storeWebhookBatch, type InboxBatchItem } from '../db/sql/webhook-inbox-batch.js';
import { mergeThreadMessages, type MergeOutcome } from '../db/sql/webhook-message-merge.js';
import type { WebhookEventStatus } from '../db/schema/index.js';
import { DatabaseUnavailableError, describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { toId } from '../sync/resources/to-id.js';
import type { WebhookAction, WebhookEventName } from '../sync/webhook-event.js';

/** An authenticated delivery of a supported event. */
export interface AcceptedEvent {
  accountId: number;
  event: WebhookEventName;
  objectId: number | null;
  action: WebhookAction;
  /** Where the action's data sits in the body. */
  dataPath: readonly string[];
  /** The body as delivered (valid JSON text), stored as is. */
  body: string;
}

export interface StoredEvent {
  id: number;
  status: WebhookEventStatus;
  /** applied: inserted/updated/unchanged/merged; pending: refetch/thread-missing/error. */
  outcome: string | null;
}

export interface InboxWriter {
  /** Resolves once the event is committed (applied or pending); rejects when it could not be stored. */
  submit(event: AcceptedEvent): Promise<StoredEvent>;
  /** Resolves when every submitted event has been written or rejected. */
  idle(): Promise<void>;
}

export interface InboxWriterOptions {
  db: Database;
  logger: Logger;
  /** Events per write (default 200). */
  maxBatch?: number;
  /** Writes in flight at once (default 1: see createInboxWriter). */
  concurrency?: number;
  onBatch?: (size: number) => void;
  onStored?: (event: AcceptedEvent, stored: StoredEvent) => void;
}

interface Entry {
  event: AcceptedEvent;
  resolve: (stored: StoredEvent) => void;
  reject: (error: unknown) => void;
}

/** What to store for one event; `merged` is the thread merge's outcome for a message. */
function toBatchItem(event: AcceptedEvent, merged: MergeOutcome | undefined): InboxBatchItem {
  const base = { accountId: event.accountId, event: event.event, objectId: event.objectId, body: event.body };
  const { action } = event;
  if (action.kind === 'invalid') return { ...base, status: 'failed', lastError: action.reason, attempts: 1 };
  if (action.kind === 'reservation') {
    if (action.reservation === null) return { ...base, status: 'pending', outcome: 'refetch', attempts: 0 };
    const reservation = {
      id: action.reservationId,
      listingId: toId(action.reservation.listingMapId),
      path: event.dataPath,
    };
    return { ...base, status: 'applied', reservation, attempts: 1 };
  }
  if (merged === 'missing') return { ...base, status: 'pending', outcome: 'thread-missing', attempts: 0 };
  return { ...base, status: 'applied', outcome: merged ?? null, attempts: 1 };
}

/**
 * Applies and stores a batch: reservations inside the one inbox statement; messages first, in the same
 * transaction, when there are any. Both happen, or neither.
 */
async function applyAndStore(db: Database, events: readonly AcceptedEvent[]): Promise<StoredEvent[]> {
  const messages = events.flatMap(({ accountId, action }) =>
    action.kind === 'message'
      ? [{ accountId, conversationId: action.conversationId, message: action.message }]
      : [],
  );
  if (messages.length === 0)
    return storeWebhookBatch(
      db,
      events.map((e) => toBatchItem(e, undefined)),
    );
  return db.transaction(async (tx: Queryable) => {
    const merged = (await mergeThreadMessages(tx, messages)).values();
    const items = events.map((e) =>
      toBatchItem(e, e.action.kind === 'message' ? merged.next().value : undefined),
    );
    return storeWebhookBatch(tx, items);
  });
}

type Settle = (entries: readonly Entry[], stored: readonly StoredEvent[]) => void;

/** One event alone: applied if possible, else stored pending with the error, else rejected. */
async function writeAlone(db: Database, entry: Entry, settle: Settle): Promise<void> {
  try {
    settle([entry], await applyAndStore(db, [entry.event]));
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) return entry.reject(error);
    const { accountId, event, objectId, body } = entry.event;
    const lastError = describeError(error);
    const item: InboxBatchItem = {
      accountId,
      event,
      objectId,
      body,
      status: 'pending',
      attempts: 1,
      lastError,
    };
    try {
      settle([entry], await storeWebhookBatch(db, [{ ...item, outcome: 'error' }]));
    } catch (storeError) {
      entry.reject(storeError);
    }
  }
}

/** A batch in one go; if that fails for another reason than an outage, each event alone. */
async function writeBatch(options: InboxWriterOptions, entries: Entry[], settle: Settle): Promise<void> {
  options.onBatch?.(entries.length);
  try {
    settle(
      entries,
      await applyAndStore(
        options.db,
        entries.map((e) => e.event),
      ),
    );
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) {
      for (const entry of entries) entry.reject(error);
      return;
    }
    // One bad event (e.g. a \u0000 PostgreSQL refuses in jsonb) must not fail its neighbours.
    options.logger.warn(
      { err: describeError(error), size: entries.length },
      'webhook batch failed; writing events singly',
    );
    for (const entry of entries) await writeAlone(options.db, entry, settle);
  }
}

/**
 * Group commit: events arriving while a write is in flight wait and go together in the next one, so
 * under load one statement and one commit serve dozens of requests, and an idle server still writes each
 * event at once. Each write applies what it can (newer-than reservation upsert, thread merge) and stores
 * every event in the inbox; callers answer 200 only after it committed. One write in flight (the
 * default) gave the largest batches and the best throughput and tail latency in bench/webhook.ts.
 */
export function createInboxWriter(options: InboxWriterOptions): InboxWriter {
  const maxBatch = options.maxBatch ?? 200;
  const concurrency = options.concurrency ?? 1;
  const queue: Entry[] = [];
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];

  const settle: Settle = (entries, stored) =>
    entries.forEach((entry, i) => {
      options.onStored?.(entry.event, stored[i]!);
      entry.resolve(stored[i]!);
    });

  function pump() {
    while (inFlight < concurrency && queue.length > 0) {
      inFlight += 1;
      void writeBatch(options, queue.splice(0, maxBatch), settle).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
    if (inFlight === 0 && queue.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  return {
    submit(event) {
      return new Promise<StoredEvent>((resolve, reject) => {
        queue.push({ event, resolve, reject });
        pump();
      });
    },
    idle() {
      if (inFlight === 0 && queue.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
