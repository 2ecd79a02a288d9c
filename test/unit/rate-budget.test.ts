import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createInProcessBudget } from '../../src/hostaway/rate-budget.js';

describe('in-process rate budget', () => {
  it('a 429 without an account pauses every request of the process', async () => {
    const budget = createInProcessBudget({ perIp: 100, perAccount: 100, windowMs: 1_000 });
    assert.equal(await budget.reportRateLimited(150, null), 'pool');
    const startedAt = Date.now();
    const grant = await budget.acquire({ accountId: 1, priority: 'interactive' });
    grant.release();
    assert.ok(Date.now() - startedAt >= 140, 'waited for the pause');
    assert.ok(grant.waitedMs >= 140, 'and says so');
  });

  it('serves webhook re-fetches before incremental and background requests', async () => {
    const budget = createInProcessBudget({ perIp: 1, perAccount: 100, windowMs: 50 });
    const first = await budget.acquire({ accountId: null, priority: 'background' });
    const order: string[] = [];
    const ask = (priority: 'webhook' | 'incremental' | 'background') =>
      budget.acquire({ accountId: null, priority }).then((grant) => {
        order.push(priority);
        grant.release();
      });
    const waiting = [ask('background'), ask('incremental'), ask('webhook')];
    first.release();
    await Promise.all(waiting);
    assert.deepEqual(order, ['webhook', 'incremental', 'background']);
  });

  it('charges a lone 429 to its account while the pool has room, and to the pool otherwise', async () => {
    const budget = createInProcessBudget({ perIp: 3, perAccount: 100, windowMs: 1_000 });
    assert.equal(await budget.reportRateLimited(300, 1), 'account');
    const startedAt = Date.now();
    (await budget.acquire({ accountId: 2, priority: 'interactive' })).release();
    assert.ok(Date.now() - startedAt < 100, 'another account is not paused');
    assert.equal(await budget.reportRateLimited(300, 2), 'pool', 'a second account refused in the window');
    const full = createInProcessBudget({ perIp: 1, perAccount: 100, windowMs: 1_000 });
    (await full.acquire({ accountId: 1, priority: 'interactive' })).release();
    assert.equal(await full.reportRateLimited(300, 1), 'pool', 'the pool had sent its limit');
  });
});
