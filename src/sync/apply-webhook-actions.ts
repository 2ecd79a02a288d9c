import type { Queryable } from '../db/database.js';
import { mergeThreadMessages, type ThreadMessageInput } from '../db/sql/webhook-message-merge.js';
import {
  upsertReservationsIfNewer,
  type GuardedReservationInput,
} from '../db/sql/guarded-reservation-upsert.js';
import { toId } from './resources/to-id.js';
import type { WebhookAction } from './webhook-event.js';

export type AppliedOutcome = 'inserted' | 'updated' | 'unchanged' | 'merged';

/** What one action came to without calling Hostaway. */
export type ActionResult =
  | { status: 'applied'; outcome: AppliedOutcome }
  /** needs Hostaway first: the reservation (an excerpt) or the message's thread (not stored yet). */
  | { status: 'pending'; reason: 'refetch' | 'thread-missing' }
  | { status: 'failed'; reason: string };

export interface AccountAction {
  accountId: number;
  action: WebhookAction;
}

/**
 * Applies a batch of actions with database work only, in two statements at most: every complete
 * reservation through one newer-than upsert, every message through one thread merge. Reservations go
 * first, then threads, in every batch, so concurrent batches take row locks in the same order.
 */
export async function applyWebhookActions(
  db: Queryable,
  items: readonly AccountAction[],
): Promise<ActionResult[]> {
  const results: (ActionResult | undefined)[] = items.map(({ action }) => {
    if (action.kind === 'invalid') return { status: 'failed', reason: action.reason };
    if (action.kind === 'reservation' && action.reservation === null)
      return { status: 'pending', reason: 'refetch' };
    return undefined;
  });
  const reservations: { index: number; row: GuardedReservationInput }[] = [];
  const messages: (ThreadMessageInput & { index: number })[] = [];
  items.forEach(({ accountId, action }, index) => {
    if (action.kind === 'reservation' && action.reservation !== null) {
      const payload = action.reservation;
      reservations.push({
        index,
        row: { accountId, id: action.reservationId, listingId: toId(payload.listingMapId), payload },
      });
    } else if (action.kind === 'message') {
      const { conversationId, message } = action;
      messages.push({ index, accountId, conversationId, message });
    }
  });
  const written = await upsertReservationsIfNewer(
    db,
    reservations.map((r) => r.row),
  );
  reservations.forEach((r, i) => (results[r.index] = { status: 'applied', outcome: written[i]! }));
  const merged = await mergeThreadMessages(db, messages);
  messages.forEach((m, i) => {
    const outcome = merged[i]!;
    results[m.index] =
      outcome === 'missing'
        ? { status: 'pending', reason: 'thread-missing' }
        : { status: 'applied', outcome };
  });
  return results.map((r) => r!);
}
