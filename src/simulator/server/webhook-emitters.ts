import { found } from '../core/errors.js';
import type { SimulatorState } from '../core/state.js';
import type { HostawayRecord } from '../templates/key-template.js';
import type { AccountData } from '../data/account-data.js';
import { threadMessages } from '../data/threads.js';
import { reservationView } from '../data/views.js';

const copy = <T>(value: T): T => structuredClone(value);

/** Served copies of mutated objects, each also sent as the webhook Hostaway sends for that change. */
export function webhookEmitters(state: SimulatorState) {
  return {
    emitReservation(
      data: AccountData,
      event: 'reservation.created' | 'reservation.updated',
      reservation: HostawayRecord,
    ): HostawayRecord {
      const served = copy(reservationView(data, reservation, true));
      state.webhooks.emit(data, event, copy(served));
      return served;
    },
    /** Only a message from the guest that was sent fires `message.received` (Hostaway support's wording). */
    emitMessage(data: AccountData, message: HostawayRecord): HostawayRecord {
      if (message['isIncoming'] === 1 && message['status'] === 'sent')
        state.webhooks.emit(data, 'message.received', copy(message));
      return copy(message);
    },
  };
}

/** The messages of a new reservation's conversation (its guest message fires a webhook too). */
export function openingMessages(data: AccountData, reservation: HostawayRecord): HostawayRecord[] {
  for (const [conversationId, conversation] of data.conversations) {
    if (conversation['reservationId'] === reservation['id'])
      return threadMessages(data, conversationId) ?? [];
  }
  return [];
}

export function setWebhookEnabled(data: AccountData, webhookId: number, enabled: boolean): void {
  const webhook = found(
    data.webhooks.get(webhookId),
    `unified webhook ${webhookId} not found in account ${data.accountId}`,
  );
  webhook['isEnabled'] = enabled ? 1 : 0;
}
