import type { HostawayRecord } from '../templates/key-template.js';
import { readNumber, readString } from './account-data.js';

/** The latest message of a thread by `date` (scheduled ones included), ties broken by the higher id. */
export function latestMessage(messages: readonly HostawayRecord[]): HostawayRecord | undefined {
  let latest: HostawayRecord | undefined;
  for (const message of messages) {
    if (latest === undefined || compareByDate(message, latest) > 0) latest = message;
  }
  return latest;
}

function compareByDate(a: HostawayRecord, b: HostawayRecord): number {
  const byDate = readString(a, 'date').localeCompare(readString(b, 'date'));
  return byDate !== 0 ? byDate : readNumber(a, 'id') - readNumber(b, 'id');
}

/** messageSentOn / messageReceivedOn: the dates of the latest sent outgoing / incoming message. */
export function threadDates(messages: readonly HostawayRecord[]): {
  messageSentOn: string | null;
  messageReceivedOn: string | null;
} {
  let sent: string | null = null;
  let received: string | null = null;
  for (const message of messages) {
    if (message['status'] !== 'sent') continue;
    const date = readString(message, 'date');
    if (message['isIncoming'] === 1) {
      if (received === null || date > received) received = date;
    } else if (sent === null || date > sent) {
      sent = date;
    }
  }
  return { messageSentOn: sent, messageReceivedOn: received };
}

/** Recomputes the conversation fields derived from its messages. */
export function applyThreadDates(conversation: HostawayRecord, messages: readonly HostawayRecord[]): void {
  const dates = threadDates(messages);
  conversation['messageSentOn'] = dates.messageSentOn;
  conversation['messageReceivedOn'] = dates.messageReceivedOn;
}
