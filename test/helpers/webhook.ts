import type { Database } from '../../src/db/database.js';
import type { HostawayClient } from '../../src/hostaway/client.js';
import { createSilentLogger } from '../../src/logger.js';
import { createWebhookServer, type WebhookServerOptions } from '../../src/webhook/server.js';

export const basic = (login: string, password: string) =>
  `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;

/** A listener on a free loopback port with its retry worker stopped (tests run passes with runOnce). */
export async function startWebhookServer(
  db: Database,
  client: HostawayClient,
  overrides: Partial<WebhookServerOptions> = {},
) {
  const logger = createSilentLogger();
  const server = createWebhookServer({
    db,
    logger,
    client,
    worker: false,
    ...overrides,
  });
  const { url } = await server.listen(0, '127.0.0.1');
  const post = async (body: unknown, authorization?: string, path = '/webhooks/hostaway') => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  return { server, url, post };
}

/** A metric's value in Prometheus text, 0 when absent. */
export function metricValue(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

export async function inboxRows(db: Database) {
  const { rows } = await db.query<{
    id: number;
    accountId: number;
    event: string;
    status: string;
    outcome: string | null;
    attempts: number;
    lastError: string | null;
  }>(
    `SELECT id, account_id AS "accountId", event, status, outcome, attempts, last_error AS "lastError"
     FROM hostaway.webhook_events ORDER BY id`,
  );
  return rows;
}
