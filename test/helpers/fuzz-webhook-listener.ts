import { randomUUID } from 'node:crypto';
import { insertAccount } from '../../src/db/accounts/accounts-repo.js';
import { saveWebhookCredentials } from '../../src/db/webhooks/webhook-accounts-repo.js';
import { hashWebhookPassword } from '../../src/webhook/password-hash.js';
import type { WebhookServerOptions } from '../../src/webhook/server.js';
import { createTestDatabase } from './database.js';
import { createTestClient, startSimulator } from './hostaway.js';
import { basic, startWebhookServer } from './webhook.js';

/** Every status the listener documents (docs/webhooks.md). */
export const DOCUMENTED_WEBHOOK_STATUSES = [200, 400, 401, 404, 405, 413, 429];

/** The webhook login and password of the fuzzed account. */
export const FUZZ_WEBHOOK_LOGIN = 'hook';
export const FUZZ_WEBHOOK_PASSWORD = 'pw';
export const FUZZ_WEBHOOK_AUTH = basic(FUZZ_WEBHOOK_LOGIN, FUZZ_WEBHOOK_PASSWORD);

/**
 * The listener on a fresh test database holding `accountId` with the fuzz webhook credentials, its
 * Hostaway client pointed at a one-reservation simulator; `close()` stops and drops all of it.
 */
export async function startFuzzWebhookListener(
  accountId: number,
  simulatorSeed: number,
  overrides: Partial<WebhookServerOptions>,
) {
  const sim = await startSimulator({ seed: simulatorSeed, accounts: 1, listings: 1, reservations: 1 });
  const t = await createTestDatabase();
  await insertAccount(t.db, { accountId, customerId: randomUUID(), clientSecret: 'x' });
  await saveWebhookCredentials(t.db, accountId, {
    login: FUZZ_WEBHOOK_LOGIN,
    passwordHash: await hashWebhookPassword(FUZZ_WEBHOOK_PASSWORD),
  });
  const client = createTestClient(sim.baseUrl);
  const hook = await startWebhookServer(t.db, client, overrides);
  return {
    db: t.db,
    url: hook.url,
    async close() {
      await hook.server.close();
      client.close();
      await sim.close();
      await t.drop();
    },
  };
}
