// Generated from ../shared/fixtures/hostaway/observed-keys-conversation.json
// (key names in response order and the JSON types observed in a real 2025 Hostaway capture).
// 'datetime' = "YYYY-MM-DD HH:MM:SS" (UTC), 'date' = "YYYY-MM-DD";
// '|' separates the types seen. Regenerate by hand if the fixture changes;
// test/unit/simulator-templates.test.ts compares this file with the fixture when the fixture is present.
import type { KeyTemplate } from './key-template.js';

/** A conversation as served by GET /v1/conversations. `Reservation` (capital R) follows
 * `conversationMessages`; the capture's key list omits it, its key set is RESERVATION_KEYS. */
export const CONVERSATION_KEYS = {
  id: 'integer',
  accountId: 'integer',
  listingMapId: 'integer',
  reservationId: 'integer',
  type: 'string',
  recipientEmail: 'null|string',
  recipientName: 'string',
  recipientPicture: 'null|string',
  hostEmail: 'string',
  guestEmail: 'string',
  hasUnreadMessages: 'integer',
  messageSentOn: 'datetime',
  messageReceivedOn: 'datetime|null',
  conversationMessages: 'array',
  // Not in the capture's key list (its extractor skipped it) but present on every item: the full reservation.
  Reservation: 'null|object',
} as const satisfies KeyTemplate;
