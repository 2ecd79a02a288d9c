import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';

type Row = Record<string, unknown>;
type Payload = Record<string, unknown>;

const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')`;
const maybeNumber = (value: unknown) => (value === null ? null : Number(value));

/** The typed views over the raw mirror: each column equals the JSONB field it reads; odd values read as NULL. */
describe('query views (schema hostaway)', () => {
  let test: TestDatabase;
  let sim: Simulator;
  let accountId: number;
  const rows = async (sql: string, params: unknown[] = []) => (await test.db.query<Row>(sql, params)).rows;

  before(async () => {
    test = await createTestDatabase();
    sim = await startSimulator({ seed: 11, listings: 4, reservations: 60 });
    accountId = sim.accounts[0]!.accountId;
    await addSimulatedAccounts(test.db, sim);
    const client = createTestClient(sim.baseUrl);
    try {
      const result = await createTestEngine(test.db, client).runFull(accountId);
      assert.equal(result.status, 'succeeded');
    } finally {
      client.close();
    }
  });
  after(async () => {
    await sim.close();
    await test.drop();
  });

  it('reservation_summary matches raw_payload field by field', async () => {
    const found = await rows(
      `SELECT r.raw_payload, l.raw_payload->>'name' AS listing_from_table, v.listing_id, v.listing_name, v.status,
         v.channel, v.channel_id, v.guest_name, v.guest_email, v.arrival_date::text, v.departure_date::text,
         v.nights, v.guests, v.adults, v.children, v.total_price::text, v.currency, ${utc('v.booked_at')} AS booked_at,
         ${utc('v.cancelled_at')} AS cancelled_at, ${utc('v.updated_on')} AS updated_on
       FROM hostaway.reservation_summary v
       JOIN hostaway.reservations r ON r.account_id = v.account_id AND r.id = v.reservation_id
       LEFT JOIN hostaway.listings l ON l.account_id = r.account_id AND l.id = r.listing_id
       WHERE v.account_id = $1`,
      [accountId],
    );
    assert.equal(found.length, 60);
    for (const row of found) {
      const p = row['raw_payload'] as Payload;
      assert.deepEqual(
        [row['listing_id'], row['status'], row['channel'], row['channel_id'], row['guest_name']],
        [p['listingMapId'], p['status'], p['channelName'], p['channelId'], p['guestName']],
      );
      assert.equal(row['listing_name'], row['listing_from_table'] ?? p['listingName']);
      assert.equal(row['guest_email'], p['guestEmail']);
      assert.deepEqual(
        [
          row['arrival_date'],
          row['departure_date'],
          row['nights'],
          row['guests'],
          row['adults'],
          row['children'],
        ],
        [p['arrivalDate'], p['departureDate'], p['nights'], p['numberOfGuests'], p['adults'], p['children']],
      );
      assert.equal(maybeNumber(row['total_price']), p['totalPrice']);
      assert.equal(row['currency'], p['currency']);
      assert.deepEqual(
        [row['booked_at'], row['cancelled_at'], row['updated_on']],
        [p['reservationDate'], p['cancellationDate'], p['updatedOn']],
      );
    }
  });

  it('listing_summary matches raw_payload field by field', async () => {
    const found = await rows(
      `SELECT l.raw_payload, v.* , v.bathrooms::text AS bathrooms, v.base_price::text AS base_price,
         ${utc('v.inserted_on')} AS inserted_on
       FROM hostaway.listing_summary v JOIN hostaway.listings l ON l.account_id = v.account_id AND l.id = v.listing_id
       WHERE v.account_id = $1`,
      [accountId],
    );
    assert.equal(found.length, 4);
    for (const row of found) {
      const p = row['raw_payload'] as Payload;
      const pairs: [string, string][] = [
        ['name', 'name'],
        ['internal_name', 'internalListingName'],
        ['city', 'city'],
        ['state', 'state'],
        ['country', 'country'],
        ['country_code', 'countryCode'],
        ['bedrooms', 'bedroomsNumber'],
        ['beds', 'bedsNumber'],
        ['capacity', 'personCapacity'],
        ['timezone', 'timeZoneName'],
        ['currency', 'currencyCode'],
        ['inserted_on', 'insertedOn'],
      ];
      for (const [column, key] of pairs) assert.equal(row[column], p[key], column);
      assert.equal(maybeNumber(row['bathrooms']), p['bathroomsNumber']);
      assert.equal(maybeNumber(row['base_price']), p['price']);
    }
  });

  it('thread_summary and thread_messages match raw_conversation and raw_messages', async () => {
    const found = await rows(
      `SELECT m.raw_conversation, m.raw_messages, v.reservation_id, v.guest_name, v.message_count,
         v.incoming_count, v.scheduled_count, v.unread, v.awaiting_reply, ${utc('v.last_message_at')} AS last_message_at,
         ${utc('v.last_received_at')} AS last_received_at, ${utc('v.last_sent_at')} AS last_sent_at,
         (SELECT count(*)::int FROM hostaway.thread_messages t
           WHERE t.account_id = v.account_id AND t.conversation_id = v.conversation_id) AS listed,
         (SELECT t.body FROM hostaway.thread_messages t
           WHERE t.account_id = v.account_id AND t.conversation_id = v.conversation_id AND t.position = 1) AS first_body
       FROM hostaway.thread_summary v
       JOIN hostaway.messages m ON m.account_id = v.account_id AND m.conversation_id = v.conversation_id
       WHERE v.account_id = $1`,
      [accountId],
    );
    assert.equal(found.length, 60);
    for (const row of found) {
      const c = row['raw_conversation'] as Payload;
      const messages = row['raw_messages'] as Payload[];
      assert.equal(row['reservation_id'], c['reservationId']);
      assert.equal(row['guest_name'], c['recipientName']);
      assert.equal(row['message_count'], messages.length);
      assert.equal(row['listed'], messages.length);
      assert.equal(row['first_body'], messages[0]?.['body'] ?? null);
      assert.equal(row['incoming_count'], messages.filter((m) => m['isIncoming'] === 1).length);
      assert.equal(row['scheduled_count'], messages.filter((m) => m['status'] === 'awaiting').length);
      assert.equal(row['unread'], c['hasUnreadMessages'] === 1);
      const received = c['messageReceivedOn'] as string | null;
      const sent = c['messageSentOn'] as string | null;
      assert.deepEqual([row['last_received_at'], row['last_sent_at']], [received, sent]);
      const latest =
        [received, sent]
          .filter((d): d is string => d !== null)
          .sort()
          .at(-1) ?? null;
      assert.equal(row['last_message_at'], latest);
      assert.equal(row['awaiting_reply'], received !== null && (sent === null || received > sent));
    }
  });

  it('odd values read as NULL instead of failing the query', async () => {
    const customer = (
      await rows('SELECT customer_id FROM hostaway.accounts WHERE account_id = $1', [accountId])
    )[0]!;
    const odd = {
      arrivalDate: '2024-02-30',
      departureDate: 'soon',
      nights: '3',
      numberOfGuests: 1e20,
      adults: 2.5,
      totalPrice: 'free',
      updatedOn: '2024-01-01 25:00:00',
      reservationDate: '0000-01-01 10:00:00',
      channelId: { id: 1 },
      status: 7,
      listingName: 'Only in the payload',
    };
    await test.db.query(
      `INSERT INTO hostaway.reservations (account_id, id, customer_id, listing_id, raw_payload)
       VALUES ($1, 1, $2, 999999, $3::jsonb)`,
      [accountId, customer['customer_id'], JSON.stringify(odd)],
    );
    await test.db.query(
      `INSERT INTO hostaway.messages (account_id, conversation_id, customer_id, raw_conversation, raw_messages)
       VALUES ($1, 1, $2, $3::jsonb, $4::jsonb)`,
      [
        accountId,
        customer['customer_id'],
        JSON.stringify({
          hasUnreadMessages: 'yes',
          messageReceivedOn: 12,
          messageSentOn: '2024-13-01 00:00:00',
        }),
        JSON.stringify({ not: 'an array' }),
      ],
    );
    await test.db.query(
      `INSERT INTO hostaway.listings (account_id, id, customer_id, raw_payload) VALUES ($1, 1, $2, '[1, 2]'::jsonb)`,
      [accountId, customer['customer_id']],
    );
    const [reservation] = await rows(
      'SELECT * FROM hostaway.reservation_summary WHERE account_id = $1 AND reservation_id = 1',
      [accountId],
    );
    assert.deepEqual(
      { ...reservation, account_id: undefined, customer_id: undefined },
      {
        account_id: undefined,
        customer_id: undefined,
        reservation_id: 1,
        listing_id: 999999,
        listing_name: 'Only in the payload',
        status: '7',
        channel: null,
        channel_id: null,
        guest_name: null,
        guest_email: null,
        arrival_date: null,
        departure_date: null,
        nights: 3,
        guests: null,
        adults: null,
        children: null,
        total_price: null,
        currency: null,
        booked_at: null,
        cancelled_at: null,
        updated_on: null,
      },
    );
    const [thread] = await rows(
      `SELECT message_count, incoming_count, last_message_at, unread, awaiting_reply FROM hostaway.thread_summary
       WHERE account_id = $1 AND conversation_id = 1`,
      [accountId],
    );
    assert.deepEqual(thread, {
      message_count: null,
      incoming_count: 0,
      last_message_at: null,
      unread: null,
      awaiting_reply: false,
    });
    const [listing] = await rows(
      'SELECT name, bedrooms FROM hostaway.listing_summary WHERE account_id = $1 AND listing_id = 1',
      [accountId],
    );
    assert.deepEqual(listing, { name: null, bedrooms: null });
    for (const view of ['reservation_summary', 'listing_summary', 'thread_summary', 'thread_messages']) {
      await rows(`SELECT * FROM hostaway.${view}`);
    }
  });

  it('leaves out rows marked deleted upstream', async () => {
    const [victim] = await rows(
      'SELECT id FROM hostaway.reservations WHERE account_id = $1 AND id <> 1 ORDER BY id LIMIT 1',
      [accountId],
    );
    await test.db.query(
      'UPDATE hostaway.reservations SET deleted_at = now() WHERE account_id = $1 AND id = $2',
      [accountId, victim!['id']],
    );
    const visible = await rows(
      'SELECT 1 FROM hostaway.reservation_summary WHERE account_id = $1 AND reservation_id = $2',
      [accountId, victim!['id']],
    );
    assert.deepEqual(visible, []);
  });
});
