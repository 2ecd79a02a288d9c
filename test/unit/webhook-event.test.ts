import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseWebhookBody } from '../../src/sync/webhook-event.js';

const FIXTURES = new URL('../../../shared/fixtures/hostaway/', import.meta.url);
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));
const present = existsSync(new URL('webhook-message-received.json', FIXTURES));

// Fails loudly without ../shared: a skipped suite would pass while checking nothing.
assert.ok(present, 'the shared fixtures (../shared/fixtures/hostaway) are not checked out');

describe('parseWebhookBody', () => {
  it('reads the flat reservation fixture: an excerpt without updatedOn is re-fetched', () => {
    const parsed = parseWebhookBody(fixture('webhook-reservation-created.json'));
    assert.deepEqual(parsed, {
      kind: 'event',
      event: 'reservation.created',
      accountId: 59808,
      objectId: 49264388,
      action: { kind: 'reservation', reservationId: 49264388, reservation: null },
      dataPath: ['data'],
    });
  });

  it('reads the nested payload.data variant', () => {
    const parsed = parseWebhookBody(fixture('webhook-reservation-updated-nested-variant.json'));
    assert.equal(parsed.kind, 'event');
    assert.equal(parsed.kind === 'event' && parsed.event, 'reservation.updated');
    assert.deepEqual(parsed.kind === 'event' && parsed.dataPath, ['payload', 'data']);
    assert.deepEqual(parsed.kind === 'event' && parsed.action, {
      kind: 'reservation',
      reservationId: 48464658,
      reservation: null,
    });
  });

  it('keeps a reservation that carries updatedOn, unless refetch is "always"', () => {
    const data = { id: 7, listingMapId: 3, updatedOn: '2025-10-25 15:30:19', status: 'new' };
    const body = { event: 'reservation.updated', accountId: 1, data };
    const auto = parseWebhookBody(body, 'auto');
    assert.deepEqual(auto.kind === 'event' && auto.action, {
      kind: 'reservation',
      reservationId: 7,
      reservation: data,
    });
    const always = parseWebhookBody(body, 'always');
    assert.deepEqual(always.kind === 'event' && always.action, {
      kind: 'reservation',
      reservationId: 7,
      reservation: null,
    });
  });

  it('reads the message fixture', () => {
    const parsed = parseWebhookBody(fixture('webhook-message-received.json'));
    assert.equal(parsed.kind, 'event');
    if (parsed.kind !== 'event' || parsed.action.kind !== 'message') throw new Error('not a message');
    assert.equal(parsed.action.conversationId, 35460020);
    assert.equal(parsed.action.message.id, 340127415);
    assert.equal(parsed.objectId, 340127415);
  });

  it('recognises the test ping in both shapes, and unsupported events', () => {
    assert.deepEqual(parseWebhookBody({ data: 'test' }), { kind: 'ping' });
    assert.deepEqual(parseWebhookBody({ payload: { data: 'test' } }), { kind: 'ping' });
    assert.deepEqual(parseWebhookBody({ event: 'task.created', accountId: 5, data: { id: 1 } }), {
      kind: 'unsupported',
      event: 'task.created',
      accountId: 5,
    });
    assert.equal(parseWebhookBody({ accountId: 5 }).kind, 'unsupported');
  });

  it('marks events that can never be applied as invalid, and non-objects as malformed', () => {
    const noId = parseWebhookBody({ event: 'reservation.updated', accountId: 1, data: { status: 'new' } });
    assert.equal(noId.kind === 'event' && noId.action.kind, 'invalid');
    const foreign = parseWebhookBody({
      event: 'message.received',
      accountId: 1,
      data: { id: 2, conversationId: 3, accountId: 99 },
    });
    assert.match(
      foreign.kind === 'event' && foreign.action.kind === 'invalid' ? foreign.action.reason : '',
      /account 99/,
    );
    assert.equal(parseWebhookBody([1, 2]).kind, 'malformed');
    assert.equal(parseWebhookBody('x').kind, 'malformed');
  });

  it('takes the account from the data when the body has none, and tolerates eventType', () => {
    const parsed = parseWebhookBody({
      eventType: 'message.received',
      data: { id: 2, conversationId: 3, accountId: 42 },
    });
    assert.equal(parsed.kind === 'event' && parsed.accountId, 42);
  });
});
