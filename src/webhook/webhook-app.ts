import { CONFIG_DEFAULTS } from '../config.js';
import type { Database } from '../db/database.js';
import { listWebhookAccountAuth } from '../db/webhooks/webhook-accounts-repo.js';
import { countWebhookBacklog } from '../db/webhooks/webhook-events-query.js';
import type { HostawayClient } from '../hostaway/client.js';
import type { AccountSecrets } from '../secrets/account-secrets.js';
import { createWebhookEventApplier } from '../sync/apply-webhook-event.js';
import type { SyncSettings } from '../sync/types.js';
import type { RefetchMode } from '../sync/webhook-event.js';
import type { Logger } from '../logger.js';
import { createAuthThrottle, type AuthThrottleOptions } from './auth-throttle.js';
import { createAuthenticator } from './authenticator.js';
import type { BasicCredentials } from './basic-auth.js';
import { handleWebhook, type WebhookHandlerDeps, type WebhookRequest } from './handle-webhook.js';
import { createInboxWriter } from './inbox-writer.js';
import { createWebhookMetrics, type WebhookMetrics } from './metrics.js';
import { fleetSourcesOf } from '../observability/fleet-sources.js';
import { createReadinessCheck } from '../observability/readiness.js';
import { createRetryWorker, type RetryWorkerOptions } from './retry-worker.js';

export interface WebhookAppOptions {
  db: Database;
  logger: Logger;
  /** Hostaway API client for re-fetches (reservation excerpts, threads not stored yet); its limiter applies. */
  client: HostawayClient;
  /** Decrypts stored client secrets for re-fetches (default: no keys, plaintext rows only). */
  secrets?: AccountSecrets;
  globalCredentials?: BasicCredentials | undefined;
  refetch?: RefetchMode;
  /** Failed logins allowed per client and window (default 10 per 60 s; maxFailures 0 turns it off). */
  authThrottle?: Omit<AuthThrottleOptions, 'now'>;
  /** Largest accepted body (default 1 MiB). */
  maxBodyBytes?: number;
  /** Storing slower than this is answered 503 (default 10 s, well inside Hostaway's 20 s). */
  submitTimeoutMs?: number;
  /** Group commit: events per write (default 200) and writes in flight (default 1). */
  batching?: { maxBatch?: number; concurrency?: number };
  /** /ready: a check slower than timeoutMs means unreachable; answers are reused for cacheMs (2 s, 1 s). */
  readiness?: { timeoutMs?: number; cacheMs?: number };
  /** The rate-limit settings, for the shared budget's /metrics gauges (server databases only). */
  rateBudget?: { limit: number; windowMs: number };
  /** The sync settings, for the /metrics gauges of `status` (thread attempts, cadences; unset: defaults). */
  settings?: SyncSettings;
  /** Retry worker settings; `false` does not start it (tests drive it with `retryNow`). */
  worker?: Omit<RetryWorkerOptions, 'db' | 'applier' | 'logger' | 'onResult'> | false;
}

/** The listener without its socket: handler, inbox writer, retry worker, metrics and probes wired up. */
export type WebhookApp = ReturnType<typeof createWebhookApp>;

/** Counts what became of an event (on arrival or in a retry); `pending` is a retry to come. */
function countOutcome(
  metrics: WebhookMetrics,
  event: string,
  result: { status: string; outcome?: string | null },
) {
  if (result.status === 'applied') metrics.applied(event, result.outcome ?? 'unknown');
  else if (result.status === 'failed') metrics.failed(event);
  else metrics.retried(event);
}

export function createWebhookApp(options: WebhookAppOptions) {
  const { db, logger } = options;
  let stopping = false;
  const metrics = createWebhookMetrics({
    backlog: () => countWebhookBacklog(db),
    ...fleetSourcesOf(db, { rateBudget: options.rateBudget, settings: options.settings }),
  });
  const worker = createRetryWorker({
    ...(options.worker || {}),
    db,
    applier: createWebhookEventApplier({
      db,
      client: options.client,
      logger,
      refetch: options.refetch,
      secrets: options.secrets,
    }),
    logger,
    onResult: (event, result) => countOutcome(metrics, event.event, result),
  });
  const inbox = createInboxWriter({
    db,
    logger,
    ...options.batching,
    onBatch: (size) => metrics.batch(size),
    onStored(event, stored) {
      // Pending on arrival is the normal path for excerpts and new threads, not a retry: wake the worker.
      if (stored.status === 'pending') worker.nudge();
      else countOutcome(metrics, event.event, stored);
    },
  });
  const deps: WebhookHandlerDeps = {
    authenticate: createAuthenticator({
      loadAccounts: () => listWebhookAccountAuth(db),
      globalCredentials: options.globalCredentials,
    }).verify,
    throttle: createAuthThrottle(options.authThrottle ?? CONFIG_DEFAULTS.webhook.authThrottle),
    submit: (event) => inbox.submit(event),
    readiness: createReadinessCheck({ ...options.readiness, db, isStopping: () => stopping }),
    metrics,
    logger,
    refetch: options.refetch ?? 'auto',
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    submitTimeoutMs: options.submitTimeoutMs ?? 10_000,
  };
  if (options.worker !== false) worker.start();
  return {
    handle: (request: WebhookRequest) => handleWebhook(request, deps),
    metrics,
    inbox,
    worker,
    /** From now on /ready answers 503 (shutdown has begun). */
    beginShutdown: () => {
      stopping = true;
    },
    /** Waits for queued inbox writes, then stops the retry worker. */
    async stop() {
      stopping = true;
      await inbox.idle();
      await worker.stop();
    },
  };
}
