import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createInProcessBudget } from '../../src/hostaway/rate-budget.js';

describe('in-process rate budget', () => {
  it('a 429 pauses every request of the process', async () => {
    const budget = createInProcessBudget({ perIp: 100, perAccount: 100, windowMs: 1_000 });
    await budget.reportRateLimited(150);
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
});
