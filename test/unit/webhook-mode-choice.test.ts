import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooseWebhookMode,
  needsUpstreamCheck,
  type WebhookEvidence,
} from '../../src/sync/webhook-mode/choose-mode.js';

const healthy: WebhookEvidence = {
  current: 'polling',
  reason: null,
  hasCredentials: true,
  upstream: { enabled: true, failedDeliveries: 0 },
  missedChanges: 0,
  deliveriesSince: 3,
  healthyDeliveries: 3,
};

describe('webhook mode from evidence', () => {
  it('promotes only with deliveries, a clean poll and a healthy hook', () => {
    assert.equal(chooseWebhookMode(healthy)?.mode, 'webhook');
    assert.equal(chooseWebhookMode({ ...healthy, deliveriesSince: 2 })?.mode, 'polling');
    assert.equal(chooseWebhookMode({ ...healthy, missedChanges: undefined }), undefined);
    const { upstream: _, ...unchecked } = healthy;
    assert.equal(chooseWebhookMode(unchecked), undefined, 'never promoted without looking at Hostaway');
  });

  it('tightens on each kind of failure and restarts the delivery count', () => {
    const inWebhookMode = { ...healthy, current: 'webhook' as const };
    for (const evidence of [
      { ...inWebhookMode, missedChanges: 2 },
      { ...inWebhookMode, upstream: { enabled: false, failedDeliveries: 0 } },
      { ...inWebhookMode, upstream: { enabled: true, failedDeliveries: 1 } },
      { ...inWebhookMode, upstream: null },
    ]) {
      const choice = chooseWebhookMode(evidence);
      assert.deepEqual([choice?.mode, choice?.restart], ['polling', true], JSON.stringify(evidence));
    }
    assert.equal(chooseWebhookMode({ ...healthy, hasCredentials: false })?.mode, 'polling');
  });

  it('keeps a failure as the reason while waiting for deliveries', () => {
    const reason = 'the webhook is disabled in Hostaway';
    assert.equal(
      chooseWebhookMode({ ...healthy, reason, deliveriesSince: 0, upstream: undefined }),
      undefined,
    );
  });

  it('asks Hostaway only when the answer can change', () => {
    const { upstream: _, ...evidence } = healthy;
    assert.equal(needsUpstreamCheck(evidence), true);
    assert.equal(needsUpstreamCheck({ ...evidence, deliveriesSince: 1 }), false);
    assert.equal(needsUpstreamCheck({ ...evidence, missedChanges: undefined }), false);
    // In webhook mode, only with the safety-net poll.
    assert.equal(needsUpstreamCheck({ ...evidence, current: 'webhook', missedChanges: undefined }), false);
    assert.equal(needsUpstreamCheck({ ...evidence, current: 'webhook', missedChanges: 0 }), true);
  });
});
