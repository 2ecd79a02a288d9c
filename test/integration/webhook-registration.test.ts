import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AccountApi, HostawayClient } from '../../src/hostaway/client.js';
import {
  createUnifiedWebhook,
  ensureUnifiedWebhook,
  listUnifiedWebhooks,
  removeUnifiedWebhooks,
} from '../../src/hostaway/unified-webhooks.js';
import type { Simulator } from '../../src/simulator/index.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';

describe('unified webhook registration against the simulator', () => {
  let sim: Simulator;
  let client: HostawayClient;
  let api: AccountApi;
  const URL_A = 'https://hooks.example.com/webhooks/hostaway';
  const credentials = { url: URL_A, login: 'hook', password: 'pw-1' };

  before(async () => {
    sim = await startSimulator({ seed: 4, accounts: 1, listings: 1, reservations: 1 });
    client = createTestClient(sim.baseUrl);
    api = client.forAccount(sim.accounts[0]!);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  it('creates once, then updates the same hook: never a duplicate', async () => {
    const first = await ensureUnifiedWebhook(api, credentials);
    const second = await ensureUnifiedWebhook(api, { ...credentials, login: 'hook-2', password: 'pw-2' });
    assert.deepEqual([first.action, second.action], ['created', 'updated']);
    assert.equal(second.webhook.id, first.webhook.id);
    const hooks = await listUnifiedWebhooks(api);
    assert.deepEqual(
      hooks.map((h) => [h.id, h.url, h.login, h.password, h.isEnabled]),
      [[first.webhook.id, URL_A, 'hook-2', '****', 1]],
    );
  });

  it('removes duplicates the original tool left behind, keeping the oldest', async () => {
    const extra = await createUnifiedWebhook(api, credentials);
    const again = await createUnifiedWebhook(api, { ...credentials, url: `${URL_A}` });
    const result = await ensureUnifiedWebhook(api, credentials);
    assert.deepEqual(result.removedDuplicates, [extra.id, again.id]);
    assert.equal((await listUnifiedWebhooks(api)).length, 1);
  });

  it('moves the registered hook to a new URL, and unregisters by id or URL', async () => {
    const [hook] = await listUnifiedWebhooks(api);
    const moved = await ensureUnifiedWebhook(
      api,
      { ...credentials, url: 'https://new.example.com/hook' },
      hook!.id,
    );
    assert.deepEqual(
      [moved.action, moved.webhook.id, moved.webhook.url],
      ['updated', hook!.id, 'https://new.example.com/hook'],
    );
    const other = await createUnifiedWebhook(api, { ...credentials, url: 'https://other.example.com/x' });
    assert.deepEqual(await removeUnifiedWebhooks(api, { id: hook!.id }), [hook!.id]);
    assert.deepEqual(await removeUnifiedWebhooks(api, { url: 'https://OTHER.example.com/x' }), [other.id]);
    assert.deepEqual(await listUnifiedWebhooks(api), []);
    assert.deepEqual(await removeUnifiedWebhooks(api, { id: hook!.id }), []);
  });
});
