import type { Database } from '../db/database.js';
import type { EventResult, StoredWebhookEvent } from '../db/webhooks/webhook-events-repo.js';
import { getWebhookAccount } from '../db/webhooks/webhook-accounts-repo.js';
import { describeError, HostawayApiError } from '../errors.js';
import type { HostawayClient } from '../hostaway/client.js';
import type { Logger } from '../logger.js';
import type { AccountSecrets } from '../secrets/account-secrets.js';
import { applyWebhookActions, type AccountAction, type ActionResult } from './apply-webhook-actions.js';
import { createWebhookFetcher, type WebhookFetcher } from './webhook-fetch.js';
import { parseWebhookBody, type RefetchMode } from './webhook-event.js';

export interface WebhookApplierDeps {
  db: Database;
  client: HostawayClient;
  logger: Logger;
  refetch?: RefetchMode;
  /** Attempts before an event is given up as failed (default 12: about 4 hours of backoff). */
  maxAttempts?: number;
  random?: () => number;
  /** Decrypts stored client secrets for re-fetches (default: no keys, plaintext rows only). */
  secrets?: AccountSecrets;
}

export interface WebhookEventApplier {
  /** Applies claimed events (retry worker, replay), calling Hostaway where needed. One result each. */
  apply(events: readonly StoredWebhookEvent[]): Promise<EventResult[]>;
}

const BASE_RETRY_MS = 10_000;
const MAX_RETRY_MS = 3_600_000;

/** 10 s, 20 s, 40 s … capped at an hour, ±20 % so replicas and bursts spread out. */
export function webhookRetryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, BASE_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** After a failed attempt: pending with backoff, or failed when it is hopeless or the attempts are spent. */
function retryOrFail(deps: WebhookApplierDeps, event: StoredWebhookEvent, error: unknown): EventResult {
  const lastError = describeError(error);
  const gone = error instanceof HostawayApiError && error.status === 404;
  const log = deps.logger.child({ eventId: event.id, accountId: event.accountId, event: event.event });
  if (gone || event.attempts >= (deps.maxAttempts ?? 12)) {
    log.error({ err: lastError, attempts: event.attempts }, 'webhook event failed; replay it when fixed');
    return { id: event.id, status: 'failed', lastError };
  }
  const retryInMs = webhookRetryDelayMs(event.attempts, deps.random);
  log.warn({ err: lastError, attempts: event.attempts, retryInMs }, 'webhook event will be retried');
  return { id: event.id, status: 'pending', lastError, retryInMs };
}

/** Fetches what a pending action waits for (the reservation, or the message's thread), then applies it. */
async function resolvePending(
  deps: WebhookApplierDeps,
  item: AccountAction,
  pass: WebhookFetcher,
): Promise<ActionResult> {
  const { action, accountId } = item;
  const account = await getWebhookAccount(deps.db, accountId);
  if (account === null || !account.isActive)
    return { status: 'failed', reason: `account ${accountId} is ${account ? 'inactive' : 'unknown'}` };
  if (action.kind === 'reservation') {
    const reservation = await pass.reservation(account, action.reservationId);
    return (await applyWebhookActions(deps.db, [{ accountId, action: { ...action, reservation } }]))[0]!;
  }
  if (action.kind !== 'message') return (await applyWebhookActions(deps.db, [item]))[0]!;
  await pass.thread(account, action.conversationId);
  const result = (await applyWebhookActions(deps.db, [item]))[0]!;
  // The thread was fetched for this message, so the message reached the mirror through its webhook.
  return result.status === 'applied' ? { status: 'applied', outcome: 'merged' } : result;
}

async function applyOne(
  deps: WebhookApplierDeps,
  event: StoredWebhookEvent,
  pass: WebhookFetcher,
): Promise<EventResult> {
  const parsed = parseWebhookBody(event.payload, deps.refetch);
  if (parsed.kind !== 'event')
    return { id: event.id, status: 'failed', lastError: 'not an applicable event' };
  const item: AccountAction = { accountId: event.accountId, action: parsed.action };
  try {
    let result = (await applyWebhookActions(deps.db, [item]))[0]!;
    if (result.status === 'pending') result = await resolvePending(deps, item, pass);
    if (result.status === 'applied') return { id: event.id, status: 'applied', outcome: result.outcome };
    if (result.status === 'failed') return { id: event.id, status: 'failed', lastError: result.reason };
    return retryOrFail(deps, event, new Error(`still ${result.reason} after fetching it`));
  } catch (error) {
    return retryOrFail(deps, event, error);
  }
}

/**
 * The slow path of the inbox: events that need Hostaway (a reservation excerpt to re-fetch, a message
 * whose thread is not stored yet) or that failed on arrival. One pass fetches each reservation or thread
 * once, however many events point at it, through the shared rate limiter.
 */
export function createWebhookEventApplier(deps: WebhookApplierDeps): WebhookEventApplier {
  const fetcher = createWebhookFetcher(deps);
  return {
    async apply(events) {
      const pass = fetcher.startPass();
      const results: EventResult[] = [];
      for (const event of events) results.push(await applyOne(deps, event, pass));
      return results;
    },
  };
}
