import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PoolStatus } from '../../src/db/sql/pool-status.js';
import { createWebhookMetrics } from '../../src/webhook/metrics.js';

const pool: PoolStatus = {
  pool: 'eu-1',
  limit: 15,
  windowMs: 10_000,
  accounts: 4,
  incrementalDue: 1,
  used: 7,
  leased: 2,
  waitingProcesses: 2,
  waiting: { interactive: 1, incremental: 3, background: 0 },
  granted: 1234,
  rateLimited: 2,
  pausedUntil: null,
};

describe('rate budget metrics', () => {
  it('/metrics shows each pool of the shared budget', async () => {
    let queries = 0;
    const metrics = createWebhookMetrics({
      rateBudget: async () => {
        queries += 1;
        return [pool];
      },
    });
    const { body } = await metrics.render();
    for (const line of [
      'hostaway_rate_budget_limit{pool="eu-1"} 15',
      'hostaway_rate_budget_used{pool="eu-1"} 7',
      'hostaway_rate_budget_leased{pool="eu-1"} 2',
      'hostaway_rate_budget_paused_seconds{pool="eu-1"} 0',
      'hostaway_rate_budget_waiting{pool="eu-1",priority="incremental"} 3',
      'hostaway_rate_budget_granted_total{pool="eu-1"} 1234',
      'hostaway_rate_budget_rate_limited_total{pool="eu-1"} 2',
    ])
      assert.ok(body.includes(line), `missing ${line}`);
    assert.equal(queries, 1, 'one query per scrape');
    assert.match(body, /# TYPE hostaway_rate_budget_rate_limited_total counter/);
  });

  it('each scrape reads once and sees the current figures, however soon it follows the last', async () => {
    let queries = 0;
    let used = 7;
    const metrics = createWebhookMetrics({
      rateBudget: async () => {
        queries += 1;
        return [{ ...pool, used }];
      },
    });
    assert.ok((await metrics.render()).body.includes('hostaway_rate_budget_used{pool="eu-1"} 7'));
    used = 9;
    assert.ok((await metrics.render()).body.includes('hostaway_rate_budget_used{pool="eu-1"} 9'));
    assert.equal(queries, 2, 'one query per scrape');
  });

  it('without a shared budget there are no rate budget series', async () => {
    const { body } = await createWebhookMetrics().render();
    assert.doesNotMatch(body, /hostaway_rate_budget_/);
  });
});
