import type { HostawayMessage, HostawayReservation } from '../hostaway/types.js';
import { parseHostawayTime } from '../hostaway-time.js';
import { toId } from './resources/to-id.js';

/** The unified-webhook events the listener applies; every other event is answered 200 and ignored. */
export const WEBHOOK_EVENTS = ['reservation.created', 'reservation.updated', 'message.received'] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** auto: store a reservation as delivered when it carries `updatedOn`, re-fetch excerpts; always: re-fetch all. */
export type RefetchMode = 'auto' | 'always';

/** What applying an event means. */
export type WebhookAction =
  /** `reservation` null: an excerpt (or refetch=always): fetch `GET /reservations/{id}` first. */
  | { kind: 'reservation'; reservationId: number; reservation: HostawayReservation | null }
  | { kind: 'message'; conversationId: number; message: HostawayMessage }
  /** Cannot ever be applied (no id, wrong account): stored as failed for inspection. */
  | { kind: 'invalid'; reason: string };

export type ParsedWebhook =
  /** Not a JSON object: answered 400. */
  | { kind: 'malformed'; reason: string }
  /** Hostaway's test delivery (`data: "test"`). */
  | { kind: 'ping' }
  | { kind: 'unsupported'; event: string; accountId: number | null }
  | {
      kind: 'event';
      event: WebhookEventName;
      /** Null when neither the body nor its data names the account. */
      accountId: number | null;
      objectId: number | null;
      action: WebhookAction;
      /** Where the data sits in the body: ['data'] or ['payload', 'data']. */
      dataPath: readonly string[];
    };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const FLAT = ['data'] as const;
const NESTED = ['payload', 'data'] as const;

/** `data`, or the disputed nested form `payload.data` (hostaway-api.md §6.2), and where it was. */
function dataOf(body: Json): { data: unknown; dataPath: readonly string[] } {
  if (body.data !== undefined || !isObject(body.payload)) return { data: body.data, dataPath: FLAT };
  return { data: body.payload.data, dataPath: NESTED };
}

function reservationAction(data: Json, refetch: RefetchMode): WebhookAction {
  const id = toId(data.id);
  if (id === null) return { kind: 'invalid', reason: 'reservation without a usable id' };
  // A version can only be ordered by its updatedOn: an excerpt without one is re-fetched.
  const complete = refetch === 'auto' && parseHostawayTime(data.updatedOn) !== undefined;
  return {
    kind: 'reservation',
    reservationId: id,
    reservation: complete ? (data as HostawayReservation) : null,
  };
}

function messageAction(data: Json, accountId: number | null): WebhookAction {
  const id = toId(data.id);
  const conversationId = toId(data.conversationId);
  if (id === null || conversationId === null)
    return { kind: 'invalid', reason: 'message without a usable id or conversationId' };
  const own = toId(data.accountId);
  if (own !== null && accountId !== null && own !== accountId)
    return { kind: 'invalid', reason: `message of account ${own} delivered for account ${accountId}` };
  return { kind: 'message', conversationId, message: { ...data, id } as HostawayMessage };
}

/**
 * Reads an untrusted, already JSON-parsed unified webhook body. Flat (`data`) and nested (`payload.data`)
 * bodies are both accepted; `event` names the event (`eventType` is tolerated). The account is the
 * body's `accountId`, else the data's.
 */
export function parseWebhookBody(body: unknown, refetch: RefetchMode = 'auto'): ParsedWebhook {
  if (!isObject(body)) return { kind: 'malformed', reason: 'the body must be a JSON object' };
  const { data, dataPath } = dataOf(body);
  if (data === 'test') return { kind: 'ping' };
  const event = typeof body.event === 'string' ? body.event : body.eventType;
  const accountId = toId(body.accountId) ?? (isObject(data) ? toId(data.accountId) : null);
  if (typeof event !== 'string' || !(WEBHOOK_EVENTS as readonly string[]).includes(event))
    return { kind: 'unsupported', event: typeof event === 'string' ? event : '(none)', accountId };
  const name = event as WebhookEventName;
  if (!isObject(data)) {
    const action: WebhookAction = { kind: 'invalid', reason: 'no data object' };
    return { kind: 'event', event: name, accountId, objectId: null, action, dataPath };
  }
  const action =
    name === 'message.received' ? messageAction(data, accountId) : reservationAction(data, refetch);
  return { kind: 'event', event: name, accountId, objectId: toId(data.id), action, dataPath };
}
