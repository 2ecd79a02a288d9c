import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createSimulator, type HostawayObject } from '../../src/simulator/index.js';
import { matchesTemplateType, type KeyTemplate } from '../../src/simulator/templates/key-template.js';
import {
  AIRBNB_MESSAGE_METADATA_KEYS,
  ATTACHMENT_KEYS,
  CONVERSATION_KEYS,
  CUSTOM_FIELD_VALUE_KEYS,
  LISTING_AMENITY_KEYS,
  LISTING_BED_TYPE_KEYS,
  LISTING_FEE_SETTING_KEYS,
  LISTING_IMAGE_KEYS,
  LISTING_KEYS,
  MESSAGE_KEYS,
  RESERVATION_FEE_KEYS,
  RESERVATION_KEYS,
} from '../../src/simulator/templates/observed-keys.js';

const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/hostaway/', import.meta.url));
const NOW = () => new Date('2026-03-15T12:00:00Z');

interface ObservedKey {
  types: string[];
  items?: Record<string, ObservedKey>;
  properties?: Record<string, ObservedKey>;
}

function observed(name: string): Record<string, ObservedKey> {
  const file = JSON.parse(readFileSync(`${FIXTURES}observed-keys-${name}.json`, 'utf8')) as {
    keys: Record<string, ObservedKey>;
  };
  return file.keys;
}

/** The fixture's key list in the template notation ('datetime|null', ...). */
function asTemplate(keys: Record<string, ObservedKey>): Record<string, string> {
  const short = (type: string): string =>
    type
      .replace('string:datetime(YYYY-MM-DD HH:MM:SS)', 'datetime')
      .replace('string:date(YYYY-MM-DD)', 'date');
  return Object.fromEntries(
    Object.entries(keys).map(([key, value]) => [key, value.types.map(short).sort().join('|')]),
  );
}

/** Asserts the exact key order and that every value has an observed type (plus `nullable` keys). */
function assertShape(
  object: HostawayObject,
  template: KeyTemplate,
  what: string,
  nullable: string[] = [],
): void {
  assert.deepEqual(Object.keys(object), Object.keys(template), `${what}: key order`);
  for (const [key, spec] of Object.entries(template)) {
    const value = object[key];
    const ok = matchesTemplateType(spec, value) || (value === null && nullable.includes(key));
    assert.ok(ok, `${what}.${key} = ${JSON.stringify(value)} does not match ${spec}`);
  }
}

describe('simulator key templates', () => {
  const present = existsSync(`${FIXTURES}observed-keys-reservation.json`);

  it('match the observed-keys fixtures (../shared must be checked out beside the project)', () => {
    assert.ok(present, `missing ${FIXTURES}: the key templates cannot be checked without the fixtures`);
    const listing = observed('listing');
    assert.deepEqual({ ...LISTING_KEYS }, asTemplate(listing));
    assert.deepEqual({ ...LISTING_AMENITY_KEYS }, asTemplate(listing['listingAmenities']?.items ?? {}));
    assert.deepEqual({ ...LISTING_BED_TYPE_KEYS }, asTemplate(listing['listingBedTypes']?.items ?? {}));
    assert.deepEqual({ ...LISTING_IMAGE_KEYS }, asTemplate(listing['listingImages']?.items ?? {}));
    assert.deepEqual({ ...LISTING_FEE_SETTING_KEYS }, asTemplate(listing['listingFeeSetting']?.items ?? {}));
    const reservation = observed('reservation');
    assert.deepEqual({ ...RESERVATION_KEYS }, asTemplate(reservation));
    assert.deepEqual(
      { ...CUSTOM_FIELD_VALUE_KEYS },
      asTemplate(reservation['customFieldValues']?.items ?? {}),
    );
    assert.deepEqual({ ...RESERVATION_FEE_KEYS }, asTemplate(reservation['reservationFees']?.items ?? {}));
    const message = observed('message');
    assert.deepEqual({ ...MESSAGE_KEYS }, asTemplate(message));
    const metadata = message['AirbnbOfficialMessageMetadata']?.properties ?? {};
    assert.deepEqual({ ...AIRBNB_MESSAGE_METADATA_KEYS }, asTemplate(metadata));
    const { Reservation, ...conversation } = CONVERSATION_KEYS;
    assert.equal(Reservation, 'null|object');
    assert.deepEqual(conversation, asTemplate(observed('conversation')));
  });

  it('generated objects have the template keys in order with observed types', () => {
    const sim = createSimulator({ now: NOW, reservations: 200, orphanConversations: 3 });
    for (const listing of sim.listListings(10001)) {
      assertShape(listing, LISTING_KEYS, 'listing');
      for (const item of listing['listingAmenities'] as HostawayObject[])
        assertShape(item, LISTING_AMENITY_KEYS, 'amenity');
      for (const item of listing['listingBedTypes'] as HostawayObject[])
        assertShape(item, LISTING_BED_TYPE_KEYS, 'bed');
      for (const item of listing['listingImages'] as HostawayObject[])
        assertShape(item, LISTING_IMAGE_KEYS, 'image');
      for (const item of listing['listingFeeSetting'] as HostawayObject[])
        assertShape(item, LISTING_FEE_SETTING_KEYS, 'fee');
    }
    for (const reservation of sim.listReservations(10001)) {
      assertShape(reservation, RESERVATION_KEYS, 'reservation');
      for (const item of reservation['customFieldValues'] as HostawayObject[])
        assertShape(item, CUSTOM_FIELD_VALUE_KEYS, 'cfv');
      for (const item of reservation['reservationFees'] as HostawayObject[])
        assertShape(item, RESERVATION_FEE_KEYS, 'fee');
    }
    const orphanKeys = ['reservationId', 'messageSentOn', 'Reservation'];
    for (const conversation of sim.listConversations(10001)) {
      assertShape(conversation, CONVERSATION_KEYS, 'conversation', orphanKeys);
      const embedded = conversation['Reservation'];
      if (embedded !== null)
        assertShape(embedded as HostawayObject, RESERVATION_KEYS, 'embedded reservation');
      for (const message of sim.listMessages(10001, conversation['id'] as number)) {
        // The capture had no attachments (null); generated ones are checked against the DOCS item shape.
        const attachments = (message['attachments'] ?? []) as HostawayObject[];
        assertShape({ ...message, attachments: null }, MESSAGE_KEYS, 'message', ['reservationId']);
        for (const item of attachments) assertShape(item, ATTACHMENT_KEYS, 'attachment');
        const metadata = message['AirbnbOfficialMessageMetadata'];
        if (metadata !== null)
          assertShape(metadata as HostawayObject, AIRBNB_MESSAGE_METADATA_KEYS, 'metadata');
      }
    }
  });
});
