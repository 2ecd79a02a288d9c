-- Query helpers (hand-written; drizzle-kit does not track functions, and these views are SQL-first).
-- Typed views over the raw mirror so that simple questions need no Hostaway JSON keys. Views only: the raw
-- JSONB columns stay the source of truth and nothing is copied. Every cast goes through the try_* functions,
-- which return NULL for a value they cannot read (odd strings, impossible dates, huge numbers) instead of
-- failing the whole query. Rows marked deleted upstream (deleted_at set) are left out of every view; the
-- tables keep them. Note: altering or dropping a table column a view reads needs DROP VIEW first.
CREATE OR REPLACE FUNCTION hostaway.try_date(value text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN value ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' THEN
  CASE WHEN substr(value, 9, 2)::int <= CASE
      WHEN substr(value, 6, 2) IN ('04', '06', '09', '11') THEN 30
      WHEN substr(value, 6, 2) <> '02' THEN 31
      WHEN substr(value, 1, 4)::int % 4 = 0
        AND (substr(value, 1, 4)::int % 100 <> 0 OR substr(value, 1, 4)::int % 400 = 0) THEN 29
      ELSE 28 END
    THEN make_date(substr(value, 1, 4)::int, substr(value, 6, 2)::int, substr(value, 9, 2)::int)
  END
END
$$;
--> statement-breakpoint
-- Hostaway datetimes are UTC 'YYYY-MM-DD HH:MM:SS'; an ISO 'T', fractions and a trailing Z are accepted too.
CREATE OR REPLACE FUNCTION hostaway.try_timestamptz(value text) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
  WHEN value ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?Z?$'
  THEN timezone('UTC', hostaway.try_date(substr(value, 1, 10)) + make_time(
    substr(value, 12, 2)::int, substr(value, 15, 2)::int, rtrim(substr(value, 18), 'Z')::double precision))
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hostaway.try_numeric(value text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN length(value) <= 100 AND value ~ '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)\s*$'
  THEN value::numeric END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hostaway.try_int(value text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN value ~ '^\s*[-+]?[0-9]{1,9}(\.0*)?\s*$' THEN value::numeric::integer END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hostaway.try_bigint(value text) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN value ~ '^\s*[-+]?[0-9]{1,18}(\.0*)?\s*$' THEN value::numeric::bigint END
$$;
--> statement-breakpoint
-- Hostaway's booleans are 0/1 numbers; true/false and their strings are read too.
CREATE OR REPLACE FUNCTION hostaway.try_bool(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE lower(btrim(value))
  WHEN '1' THEN true WHEN 'true' THEN true WHEN 't' THEN true
  WHEN '0' THEN false WHEN 'false' THEN false WHEN 'f' THEN false
END
$$;
--> statement-breakpoint
CREATE OR REPLACE VIEW hostaway.listing_summary AS
SELECT
  l.account_id,
  l.customer_id,
  l.id AS listing_id,
  l.raw_payload->>'name' AS name,
  l.raw_payload->>'internalListingName' AS internal_name,
  l.raw_payload->>'city' AS city,
  l.raw_payload->>'state' AS state,
  l.raw_payload->>'country' AS country,
  l.raw_payload->>'countryCode' AS country_code,
  hostaway.try_int(l.raw_payload->>'bedroomsNumber') AS bedrooms,
  hostaway.try_numeric(l.raw_payload->>'bathroomsNumber') AS bathrooms,
  hostaway.try_int(l.raw_payload->>'bedsNumber') AS beds,
  hostaway.try_int(l.raw_payload->>'personCapacity') AS capacity,
  l.raw_payload->>'timeZoneName' AS timezone,
  hostaway.try_numeric(l.raw_payload->>'price') AS base_price,
  l.raw_payload->>'currencyCode' AS currency,
  hostaway.try_timestamptz(l.raw_payload->>'insertedOn') AS inserted_on
FROM hostaway.listings l
WHERE l.deleted_at IS NULL;
--> statement-breakpoint
-- listing_name: the listing's current name, else the name the reservation carries.
CREATE OR REPLACE VIEW hostaway.reservation_summary AS
SELECT
  r.account_id,
  r.customer_id,
  r.id AS reservation_id,
  r.listing_id,
  COALESCE(l.raw_payload->>'name', r.raw_payload->>'listingName') AS listing_name,
  r.raw_payload->>'status' AS status,
  r.raw_payload->>'channelName' AS channel,
  hostaway.try_int(r.raw_payload->>'channelId') AS channel_id,
  r.raw_payload->>'guestName' AS guest_name,
  r.raw_payload->>'guestEmail' AS guest_email,
  hostaway.try_date(r.raw_payload->>'arrivalDate') AS arrival_date,
  hostaway.try_date(r.raw_payload->>'departureDate') AS departure_date,
  hostaway.try_int(r.raw_payload->>'nights') AS nights,
  hostaway.try_int(r.raw_payload->>'numberOfGuests') AS guests,
  hostaway.try_int(r.raw_payload->>'adults') AS adults,
  hostaway.try_int(r.raw_payload->>'children') AS children,
  hostaway.try_numeric(r.raw_payload->>'totalPrice') AS total_price,
  r.raw_payload->>'currency' AS currency,
  hostaway.try_timestamptz(r.raw_payload->>'reservationDate') AS booked_at,
  hostaway.try_timestamptz(r.raw_payload->>'cancellationDate') AS cancelled_at,
  hostaway.try_timestamptz(r.raw_payload->>'updatedOn') AS updated_on
FROM hostaway.reservations r
LEFT JOIN hostaway.listings l ON l.account_id = r.account_id AND l.id = r.listing_id
WHERE r.deleted_at IS NULL;
--> statement-breakpoint
-- One row per message thread. message_count counts every stored message object (scheduled, failed and
-- cancelled ones too); awaiting_reply: the guest wrote after the host's last message.
CREATE OR REPLACE VIEW hostaway.thread_summary AS
SELECT
  m.account_id,
  m.customer_id,
  m.conversation_id,
  m.reservation_id,
  m.listing_id,
  m.raw_conversation->>'recipientName' AS guest_name,
  CASE WHEN jsonb_typeof(m.raw_messages) = 'array' THEN jsonb_array_length(m.raw_messages) END AS message_count,
  (SELECT count(*)::integer FROM jsonb_array_elements(
    CASE WHEN jsonb_typeof(m.raw_messages) = 'array' THEN m.raw_messages ELSE '[]'::jsonb END) AS x(value)
   WHERE hostaway.try_bool(x.value->>'isIncoming')) AS incoming_count,
  (SELECT count(*)::integer FROM jsonb_array_elements(
    CASE WHEN jsonb_typeof(m.raw_messages) = 'array' THEN m.raw_messages ELSE '[]'::jsonb END) AS x(value)
   WHERE x.value->>'status' = 'awaiting') AS scheduled_count,
  GREATEST(hostaway.try_timestamptz(m.raw_conversation->>'messageReceivedOn'),
           hostaway.try_timestamptz(m.raw_conversation->>'messageSentOn')) AS last_message_at,
  hostaway.try_timestamptz(m.raw_conversation->>'messageReceivedOn') AS last_received_at,
  hostaway.try_timestamptz(m.raw_conversation->>'messageSentOn') AS last_sent_at,
  hostaway.try_bool(m.raw_conversation->>'hasUnreadMessages') AS unread,
  COALESCE(hostaway.try_timestamptz(m.raw_conversation->>'messageReceivedOn')
    > COALESCE(hostaway.try_timestamptz(m.raw_conversation->>'messageSentOn'), '-infinity'), false) AS awaiting_reply
FROM hostaway.messages m
WHERE m.deleted_at IS NULL;
--> statement-breakpoint
-- One row per message, in stored order (oldest first); sent_at is the message's date (the planned time
-- for a scheduled one).
CREATE OR REPLACE VIEW hostaway.thread_messages AS
SELECT
  m.account_id,
  m.customer_id,
  m.conversation_id,
  m.reservation_id,
  m.listing_id,
  hostaway.try_bigint(x.value->>'id') AS message_id,
  x.position::integer AS position,
  hostaway.try_bool(x.value->>'isIncoming') AS is_incoming,
  x.value->>'status' AS status,
  hostaway.try_timestamptz(x.value->>'date') AS sent_at,
  x.value->>'body' AS body
FROM hostaway.messages m
CROSS JOIN LATERAL jsonb_array_elements(
  CASE WHEN jsonb_typeof(m.raw_messages) = 'array' THEN m.raw_messages ELSE '[]'::jsonb END
) WITH ORDINALITY AS x(value, position)
WHERE m.deleted_at IS NULL;
