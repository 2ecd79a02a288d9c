import { CONFIG_DEFAULTS } from '../config.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../durations.js';
import type { Database } from '../db/database.js';
import { pruneWebhookCoverage } from '../db/accounts/webhook-coverage-repo.js';
import { pruneWebhookEvents } from '../db/webhooks/webhook-events-query.js';
import {
  claimDueWebhookEvents,
  recordWebhookEventResults,
  type EventResult,
  type StoredWebhookEvent,
} from '../db/webhooks/webhook-events-repo.js';
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { WebhookEventApplier } from '../sync/apply-webhook-event.js';

export interface RetryWorkerOptions {
  db: Database;
  applier: WebhookEventApplier;
  logger: Logger;
  /** How often due events are looked for when nothing nudges the worker (default 5 s). */
  pollMs?: number;
  /** Events claimed per pass (default 10). */
  claimLimit?: number;
  /** How long a claimed event is reserved for this worker (default 5 min; then another may take it). */
  leaseMs?: number;
  /** Applied events older than this many days are deleted; 0 keeps them (default: WEBHOOK_RETENTION_DAYS's). */
  retentionDays?: number;
  /** Time between prunes (default 1 h; the first one runs a minute after start). */
  pruneEveryMs?: number;
  onResult?: (event: StoredWebhookEvent, result: EventResult) => void;
}

export type RetryWorker = ReturnType<typeof createRetryWorker>;

/**
 * The retention rules, checked every `pruneEveryMs`: applied events older than `retentionDays` go, and
 * webhook coverage hours older than the day it is reported over.
 */
function createPruner(options: RetryWorkerOptions): () => Promise<void> {
  const retentionDays = options.retentionDays ?? CONFIG_DEFAULTS.webhook.retentionDays;
  const pruneEveryMs = options.pruneEveryMs ?? HOUR_MS;
  let nextPruneAt = Date.now() + Math.min(MINUTE_MS, pruneEveryMs);
  return async () => {
    if (Date.now() < nextPruneAt) return;
    nextPruneAt = Date.now() + pruneEveryMs;
    await pruneWebhookCoverage(options.db, new Date(Date.now() - DAY_MS - HOUR_MS));
    if (retentionDays === 0) return;
    const before = new Date(Date.now() - retentionDays * DAY_MS);
    const deleted = await pruneWebhookEvents(options.db, before);
    if (deleted > 0)
      options.logger.info({ deleted, before: before.toISOString() }, 'pruned applied webhook events');
  };
}

/** One pass: claims due events, applies them, records the results. Returns the events handled. */
async function runPass(options: RetryWorkerOptions, limit: number): Promise<number> {
  const events = await claimDueWebhookEvents(options.db, { limit, leaseMs: options.leaseMs ?? 300_000 });
  if (events.length > 0) {
    const results = await options.applier.apply(events);
    await recordWebhookEventResults(options.db, results);
    results.forEach((result, i) => options.onResult?.(events[i]!, result));
  }
  return events.length;
}

/**
 * Applies the inbox's pending events: re-fetches, threads not stored yet, events whose first attempt
 * failed. Several replicas can run one each: claims skip rows another worker holds. It also prunes old
 * applied events (the documented retention rule).
 */
export function createRetryWorker(options: RetryWorkerOptions) {
  const pollMs = options.pollMs ?? 5_000;
  const claimLimit = options.claimLimit ?? 10;
  const prune = createPruner(options);
  let stopped = true;
  let wake: (() => void) | undefined;
  let nudged = false;
  let loop: Promise<void> | undefined;

  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (wake = undefined));

  async function run(): Promise<void> {
    while (!stopped) {
      nudged = false;
      let handled = 0;
      try {
        await prune();
        handled = await runPass(options, claimLimit);
      } catch (error) {
        options.logger.warn({ err: describeError(error) }, 'webhook retry pass failed');
      }
      // A full pass means more may be due; a nudge during the pass means new pending events.
      if (!stopped && !nudged && handled < claimLimit) await pause();
    }
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },
    /** Look for due events now (new pending events were stored). */
    nudge() {
      nudged = true;
      wake?.();
    },
    runOnce: () => runPass(options, claimLimit),
    /** Stops after the current pass; its unrecorded events return to the queue when their lease ends. */
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
