import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Rng } from '../core/prng.js';
import type { WebhookDeliveryOptions } from '../core/types.js';
import type { HostawayRecord } from '../templates/key-template.js';
import type { AccountData } from '../data/account-data.js';

/** Hostaway's documented schedule: 3 retries within about an hour, the first after about a minute. */
const DEFAULT_RETRY_DELAYS_MS = [60_000, 300_000, 1_200_000];
const ACK_TIMEOUT_MS = 20_000;

export type WebhookEventName = 'reservation.created' | 'reservation.updated' | 'message.received';

interface Delivery {
  accountId: number;
  webhook: HostawayRecord;
  body: string;
  event: WebhookEventName;
  objectId: unknown;
  listingMapId: unknown;
  attempt: number;
}

/** Sends unified webhooks like Hostaway does (README "Webhook delivery"); inert unless enabled. */
export function createWebhookDispatcher(
  options: WebhookDeliveryOptions | undefined,
  rng: Rng,
  now: () => string,
) {
  const logs = new Map<number, HostawayRecord[]>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters: (() => void)[] = [];
  const failures = new Map<HostawayRecord, number>();
  let pending = 0;
  let nextLogId = 1;
  let closed = false;
  const retryDelays = options?.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;

  const done = (): void => {
    pending -= 1;
    if (pending === 0) for (const resolve of waiters.splice(0)) resolve();
  };
  const later = (ms: number, run: () => void): void => {
    pending += 1;
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
      done();
    }, ms);
    timers.add(timer);
  };
  const record = (delivery: Delivery, status: number, responseBody: string): void => {
    const { webhook } = delivery;
    const entry: HostawayRecord = {
      id: nextLogId++,
      accountId: delivery.accountId,
      listingMapId: delivery.listingMapId,
      unifiedWebhookId: webhook['id'],
      url: webhook['url'],
      object: delivery.event === 'message.received' ? 'conversationMessage' : 'reservation',
      objectId: delivery.objectId,
      event: delivery.event,
      attempt: delivery.attempt,
      responseStatus: status,
      responseBody: responseBody.slice(0, 1000),
      insertedOn: now(),
    };
    const list = logs.get(delivery.accountId) ?? [];
    list.unshift(entry);
    logs.set(delivery.accountId, list);
  };
  const attempt = (delivery: Delivery): void => {
    if (closed) return;
    pending += 1;
    void post(delivery.webhook, delivery.body).then(({ status, body }) => {
      record(delivery, status, body);
      const transient = status === 0 || status === 429 || status >= 500;
      const delay = retryDelays[delivery.attempt - 1];
      if (status >= 200 && status < 300) failures.delete(delivery.webhook);
      else if (transient && delay !== undefined)
        later(delay, () => attempt({ ...delivery, attempt: delivery.attempt + 1 }));
      else noteFailure(delivery.webhook);
      done();
    });
  };
  const noteFailure = (webhook: HostawayRecord): void => {
    const count = (failures.get(webhook) ?? 0) + 1;
    failures.set(webhook, count);
    const limit = options?.disableAfterFailures;
    if (limit !== undefined && count >= limit) webhook['isEnabled'] = 0;
  };

  return {
    /** Queues one delivery per enabled webhook of the account. */
    emit(data: AccountData, event: WebhookEventName, object: HostawayRecord) {
      if (options === undefined || closed) return;
      for (const webhook of data.webhooks.values()) {
        if (webhook['isEnabled'] !== 1 || rng.chance(options.lossRate ?? 0)) continue;
        const delivery: Delivery = {
          accountId: data.accountId,
          webhook,
          body: JSON.stringify(webhookBody(data.accountId, event, object, rng, options)),
          event,
          objectId: object['id'],
          listingMapId: object['listingMapId'] ?? null,
          attempt: 1,
        };
        const copies = rng.chance(options.duplicateRate ?? 0) ? 2 : 1;
        for (let i = 0; i < copies; i += 1)
          later(rng.int(0, options.maxDelayMs ?? 0), () => attempt(delivery));
      }
    },
    /** Delivery log entries of the account, newest first. */
    logs: (accountId: number) => [...(logs.get(accountId) ?? [])],
    /** Resolves once nothing is queued, waiting for a retry or in flight. */
    settle: (): Promise<void> =>
      pending === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve)),
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      pending = 0;
      for (const resolve of waiters.splice(0)) resolve();
    },
  };
}

/** The flat body three receivers agree on, or the nested `payload.data` variant seen in production. */
function webhookBody(
  accountId: number,
  event: WebhookEventName,
  data: HostawayRecord,
  rng: Rng,
  options: WebhookDeliveryOptions,
): Record<string, unknown> {
  const object = event === 'message.received' ? 'conversationMessage' : 'reservation';
  const nested = options.bodyVariant === 'nested' || (options.bodyVariant === 'mixed' && rng.chance(0.5));
  return nested ? { object, event, accountId, payload: { data } } : { object, event, accountId, data };
}

/** One POST; status 0 for a network error or a timeout. Never rejects. */
function post(webhook: HostawayRecord, body: string): Promise<{ status: number; body: string }> {
  const url = String(webhook['url']);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  };
  const { login, password } = webhook;
  if (typeof login === 'string' && typeof password === 'string')
    headers['authorization'] = `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(url, { method: 'POST', headers, timeout: ACK_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', (error) => resolve({ status: 0, body: error.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, body: error.message }));
    req.end(body);
  });
}
