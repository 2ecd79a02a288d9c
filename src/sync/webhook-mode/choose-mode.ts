export type WebhookMode = 'polling' | 'webhook';

/** What one run learnt about an account's webhook deliveries. */
export interface WebhookEvidence {
  current: WebhookMode;
  /** The stored reason: a failure's stays shown until the account is promoted or tightened again. */
  reason: string | null;
  /** The listener accepts the account's deliveries (it has webhook credentials). */
  hasCredentials: boolean;
  /** The hook in Hostaway: undefined when not looked up this run, null when Hostaway has none. */
  upstream?: { enabled: boolean; failedDeliveries: number } | null;
  /** Changes this run's poll found that the webhooks had not delivered (undefined: nothing was polled). */
  missedChanges?: number;
  /** Deliveries stored since the mode last changed or the account was last tightened. */
  deliveriesSince: number;
  /** Deliveries that prove health (setting `webhookHealthyDeliveries`). */
  healthyDeliveries: number;
}

export interface WebhookModeChoice {
  mode: WebhookMode;
  reason: string;
  /** A new failure: the count of deliveries that prove health starts again. */
  restart: boolean;
}

const NO_CREDENTIALS = 'no webhook credentials';
const tighten = (reason: string): WebhookModeChoice => ({ mode: 'polling', reason, restart: true });

/**
 * Webhook mode only on evidence: credentials, an enabled hook without failed deliveries upstream, enough
 * deliveries received, and a poll that found nothing the webhooks missed. Any failure tightens the account
 * back to polling. Undefined: this run proves nothing new (the stored mode stays).
 */
export function chooseWebhookMode(e: WebhookEvidence): WebhookModeChoice | undefined {
  if (!e.hasCredentials) return { mode: 'polling', reason: NO_CREDENTIALS, restart: false };
  if (e.upstream === null) return tighten('no unified webhook in Hostaway');
  if (e.upstream?.enabled === false) return tighten('the webhook is disabled in Hostaway');
  if (e.upstream !== undefined && e.upstream.failedDeliveries > 0)
    return tighten(`${e.upstream.failedDeliveries} failed deliveries in Hostaway's delivery log`);
  if (e.missedChanges !== undefined && e.missedChanges > 0)
    return tighten(`a poll found ${e.missedChanges} changes the webhooks did not deliver`);
  if (e.current === 'webhook')
    return e.missedChanges === undefined
      ? undefined
      : { mode: 'webhook', reason: 'safety-net poll clean', restart: false };
  if (e.deliveriesSince < e.healthyDeliveries)
    return keepsFailure(e.reason)
      ? undefined
      : {
          mode: 'polling',
          reason: `${WAITING} (${e.deliveriesSince} of ${e.healthyDeliveries})`,
          restart: false,
        };
  if (e.missedChanges === undefined || e.upstream === undefined) return undefined;
  return {
    mode: 'webhook',
    reason: `${e.deliveriesSince} deliveries received and a clean poll`,
    restart: false,
  };
}

const WAITING = 'waiting for deliveries';

/** A stored reason that names a failure (not the wait for deliveries, not missing credentials). */
function keepsFailure(reason: string | null): boolean {
  return reason !== null && !reason.startsWith(WAITING) && reason !== NO_CREDENTIALS;
}

/**
 * Whether the hook in Hostaway must be looked up before choosing (it costs two requests). In webhook mode
 * only with the safety-net poll (this run polled what webhooks cover): looking it up every run would cost
 * more than half of a webhook-mode account's requests, and a disabled hook is still noticed within one
 * safety-net cadence.
 */
export function needsUpstreamCheck(e: Omit<WebhookEvidence, 'upstream'>): boolean {
  if (!e.hasCredentials) return false;
  if (e.current === 'webhook') return e.missedChanges !== undefined;
  return e.deliveriesSince >= e.healthyDeliveries && e.missedChanges === 0;
}
