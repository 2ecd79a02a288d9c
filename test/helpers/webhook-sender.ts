import { sleep } from './sleep.js';

/** One delivery as Hostaway would send it, with the marker a test finds it by in the inbox. */
export interface Delivery {
  deliveryId: string;
  body: Record<string, unknown>;
}

export interface SendOutcome {
  /** The inbox id from the 2xx answer. */
  eventId: number;
  /** Non-2xx answers and connection errors before it. */
  refused: number;
  /** Statuses of the refused attempts (0 for a connection error). */
  statuses: number[];
}

/**
 * Posts a delivery until it gets a 2xx, like Hostaway retrying non-2xx answers (faster here). `onAnswer`
 * sees every answer as it comes with the time its request was sent, so a test can check what the listener
 * said at each moment.
 */
export async function sendUntilAccepted(
  url: string,
  authorization: string,
  delivery: Delivery,
  onAnswer: (status: number, sentAt: number) => void = () => undefined,
  retryMs = 100,
): Promise<SendOutcome> {
  const statuses: number[] = [];
  for (;;) {
    let status = 0;
    let text = '';
    const sentAt = Date.now();
    try {
      const response = await fetch(`${url}/webhooks/hostaway`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ ...delivery.body, deliveryId: delivery.deliveryId }),
        signal: AbortSignal.timeout(30_000),
      });
      status = response.status;
      text = await response.text();
    } catch {
      status = 0;
    }
    onAnswer(status, sentAt);
    if (status >= 200 && status < 300) {
      const answer = JSON.parse(text) as { status?: string; id?: number };
      if (answer.status !== 'accepted' || typeof answer.id !== 'number')
        throw new Error(`delivery ${delivery.deliveryId} answered ${status} without being stored: ${text}`);
      return { eventId: answer.id, refused: statuses.length, statuses };
    }
    statuses.push(status);
    await sleep(retryMs);
  }
}
