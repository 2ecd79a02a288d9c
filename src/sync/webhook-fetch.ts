import type { Database } from '../db/database.js';
import { upsertThreads } from '../db/mirror/upsert-resource.js';
import type { WebhookAccount } from '../db/webhooks/webhook-accounts-repo.js';
import { HostawaySyncError } from '../errors.js';
import type { AccountApi, HostawayClient } from '../hostaway/client.js';
import { fetchConversation, fetchConversationMessages, fetchReservation } from '../hostaway/resources.js';
import type { HostawayReservation } from '../hostaway/types.js';
import type { Logger } from '../logger.js';
import { createAccountSecrets, type AccountSecrets } from '../secrets/account-secrets.js';
import { toThreadRow } from './resources/thread-batches.js';
import { createDatabaseTokenStore } from './token-store.js';

/** Fetches for one pass of the retry worker: each reservation and thread at most once per pass. */
export interface WebhookFetcher {
  reservation(account: WebhookAccount, reservationId: number): Promise<HostawayReservation>;
  /** Fetches the conversation and its whole thread and stores it like the sync does. */
  thread(account: WebhookAccount, conversationId: number): Promise<void>;
}

export function createWebhookFetcher(deps: {
  db: Database;
  client: HostawayClient;
  logger?: Logger;
  secrets?: AccountSecrets;
}) {
  const secrets = deps.secrets ?? createAccountSecrets();
  // One AccountApi per account and secret, so token and limiter state live as long as the listener.
  const apis = new Map<number, { secret: string; api: AccountApi }>();
  const apiFor = (account: WebhookAccount): AccountApi => {
    const cached = apis.get(account.accountId);
    if (cached?.secret === account.clientSecret) return cached.api;
    // Decrypted here, never kept: the cache compares the stored form.
    const clientSecret = secrets.open(account.accountId, 'client_secret', account.clientSecret);
    const api = deps.client.forAccount(
      { accountId: account.accountId, clientSecret },
      createDatabaseTokenStore(deps.db, { secrets, logger: deps.logger }),
      { priority: 'webhook' },
    );
    apis.set(account.accountId, { secret: account.clientSecret, api });
    return api;
  };

  return {
    startPass(): WebhookFetcher {
      const reservations = new Map<string, Promise<HostawayReservation>>();
      const threads = new Map<string, Promise<void>>();
      const once = <T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>) => {
        let value = cache.get(key);
        if (value === undefined) {
          value = load();
          cache.set(key, value);
        }
        return value;
      };
      return {
        reservation: (account, id) =>
          once(reservations, `${account.accountId}:${id}`, () => fetchReservation(apiFor(account), id)),
        thread: (account, id) =>
          once(threads, `${account.accountId}:${id}`, () =>
            fetchAndStoreThread(deps.db, apiFor(account), account, id),
          ),
      };
    },
  };
}

async function fetchAndStoreThread(
  db: Database,
  api: AccountApi,
  account: WebhookAccount,
  conversationId: number,
): Promise<void> {
  const conversation = await fetchConversation(api, conversationId);
  const messages = await fetchConversationMessages(api, conversationId);
  const row = toThreadRow(conversation, messages);
  if (row === null) throw new HostawaySyncError(`Hostaway sent conversation ${conversationId} without an id`);
  await upsertThreads(db, { accountId: account.accountId, customerId: account.customerId, rows: [row] });
}
