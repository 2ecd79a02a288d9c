-- Typed views over the further resources (hand-written, like 0002_query_views.sql: the raw JSONB stays the
-- source of truth, every cast goes through the try_* functions, rows marked deleted are left out).
-- One row per stored listing-day (days that left the synced window included, as last seen); days of a
-- listing marked deleted are left out. price is in the listing's currency.
CREATE OR REPLACE VIEW hostaway.calendar_days AS
SELECT
  c.account_id,
  c.customer_id,
  c.listing_id,
  c.day AS date,
  l.raw_payload->>'name' AS listing_name,
  hostaway.try_bool(c.raw_payload->>'isAvailable') AS available,
  c.raw_payload->>'status' AS status,
  hostaway.try_numeric(c.raw_payload->>'price') AS price,
  l.raw_payload->>'currencyCode' AS currency,
  hostaway.try_int(c.raw_payload->>'minimumStay') AS minimum_stay,
  hostaway.try_int(c.raw_payload->>'maximumStay') AS maximum_stay,
  hostaway.try_bool(c.raw_payload->>'closedOnArrival') AS closed_on_arrival,
  hostaway.try_bool(c.raw_payload->>'closedOnDeparture') AS closed_on_departure,
  c.raw_payload->>'note' AS note,
  c.updated_at AS changed_at
FROM hostaway.listing_calendar c
JOIN hostaway.listings l ON l.account_id = c.account_id AND l.id = c.listing_id
WHERE l.deleted_at IS NULL;
--> statement-breakpoint
-- Per listing: what guests rated it (guest-to-host reviews; cancelled ones carry deleted_at and are left
-- out). average_rating over the reviews with a rating; latest_*: the rated review of the latest stay.
CREATE OR REPLACE VIEW hostaway.review_summary AS
SELECT
  v.account_id,
  v.customer_id,
  v.listing_id,
  COALESCE(l.raw_payload->>'name', max(v.listing_name)) AS listing_name,
  count(*) FILTER (WHERE v.type = 'guest-to-host')::integer AS guest_reviews,
  count(v.rating) FILTER (WHERE v.type = 'guest-to-host')::integer AS rated_reviews,
  round(avg(v.rating) FILTER (WHERE v.type = 'guest-to-host'), 2) AS average_rating,
  min(v.rating) FILTER (WHERE v.type = 'guest-to-host') AS lowest_rating,
  count(*) FILTER (WHERE v.type = 'guest-to-host' AND v.status IN ('awaiting', 'pending', 'scheduled'))::integer
    AS awaiting_reviews,
  count(*) FILTER (WHERE v.type = 'host-to-guest')::integer AS host_reviews,
  (array_agg(v.rating ORDER BY v.departure DESC NULLS LAST, v.review_id DESC)
    FILTER (WHERE v.type = 'guest-to-host' AND v.rating IS NOT NULL))[1] AS latest_rating,
  (array_agg(v.public_review ORDER BY v.departure DESC NULLS LAST, v.review_id DESC)
    FILTER (WHERE v.type = 'guest-to-host' AND v.rating IS NOT NULL))[1] AS latest_review,
  max(v.departure) FILTER (WHERE v.type = 'guest-to-host' AND v.rating IS NOT NULL) AS latest_review_departure
FROM (
  SELECT
    o.account_id,
    o.customer_id,
    hostaway.try_bigint(o.raw_payload->>'listingMapId') AS listing_id,
    hostaway.try_bigint(o.raw_payload->>'id') AS review_id,
    o.raw_payload->>'listingName' AS listing_name,
    o.raw_payload->>'type' AS type,
    o.raw_payload->>'status' AS status,
    hostaway.try_numeric(o.raw_payload->>'rating') AS rating,
    o.raw_payload->>'publicReview' AS public_review,
    hostaway.try_timestamptz(o.raw_payload->>'departureDate') AS departure
  FROM hostaway.resource_objects o
  WHERE o.resource = 'reviews' AND o.deleted_at IS NULL
) v
LEFT JOIN hostaway.listings l ON l.account_id = v.account_id AND l.id = v.listing_id
GROUP BY v.account_id, v.customer_id, v.listing_id, l.raw_payload->>'name';
--> statement-breakpoint
-- Per listing, status and title (Hostaway's tasks carry no type field; the title names the kind of task,
-- e.g. "Cleaning after check-out"). open: pending, confirmed or in progress; overdue: open and past its
-- shouldEndBy; due_within_7_days: open and due in the next seven days. Tasks without a listing have a
-- null listing_id.
CREATE OR REPLACE VIEW hostaway.task_summary AS
SELECT
  t.account_id,
  t.customer_id,
  t.listing_id,
  l.raw_payload->>'name' AS listing_name,
  t.status,
  t.title,
  count(*)::integer AS tasks,
  count(*) FILTER (WHERE t.open)::integer AS open,
  count(*) FILTER (WHERE t.open AND t.due_at < now())::integer AS overdue,
  count(*) FILTER (WHERE t.open AND t.due_at >= now() AND t.due_at < now() + interval '7 days')::integer
    AS due_within_7_days,
  min(t.due_at) FILTER (WHERE t.open AND t.due_at >= now()) AS next_due_at,
  min(t.due_at) FILTER (WHERE t.open AND t.due_at < now()) AS oldest_overdue_at,
  sum(t.cost) AS cost
FROM (
  SELECT
    o.account_id,
    o.customer_id,
    hostaway.try_bigint(o.raw_payload->>'listingMapId') AS listing_id,
    o.raw_payload->>'status' AS status,
    o.raw_payload->>'title' AS title,
    COALESCE(o.raw_payload->>'status' IN ('pending', 'confirmed', 'inProgress'), false) AS open,
    hostaway.try_timestamptz(o.raw_payload->>'shouldEndBy') AS due_at,
    hostaway.try_numeric(o.raw_payload->>'cost') AS cost
  FROM hostaway.resource_objects o
  WHERE o.resource = 'tasks' AND o.deleted_at IS NULL
) t
LEFT JOIN hostaway.listings l ON l.account_id = t.account_id AND l.id = t.listing_id
GROUP BY t.account_id, t.customer_id, t.listing_id, l.raw_payload->>'name', t.status, t.title;
--> statement-breakpoint
-- One row per reservation with its finance fields (fetched under it; soft-deleted ones left out) summed by
-- type, the fields themselves, and its guest charges (paid and awaiting amounts; security-deposit
-- pre-authorisations counted apart, they are holds, not income). Sums are null when nothing is stored.
CREATE OR REPLACE VIEW hostaway.reservation_finance AS
SELECT
  r.account_id,
  r.customer_id,
  r.id AS reservation_id,
  r.listing_id,
  r.raw_payload->>'guestName' AS guest_name,
  r.raw_payload->>'status' AS status,
  hostaway.try_date(r.raw_payload->>'arrivalDate') AS arrival_date,
  hostaway.try_date(r.raw_payload->>'departureDate') AS departure_date,
  r.raw_payload->>'currency' AS currency,
  hostaway.try_numeric(r.raw_payload->>'totalPrice') AS total_price,
  COALESCE(f.finance_fields, 0) AS finance_fields,
  f.base_rate,
  f.fees,
  f.taxes,
  f.discounts,
  f.commissions,
  f.finance_total,
  f.fields,
  COALESCE(g.charges, 0) AS charges,
  g.paid_amount,
  g.awaiting_amount,
  COALESCE(g.deposit_holds, 0) AS deposit_holds
FROM hostaway.reservations r
LEFT JOIN LATERAL (
  SELECT
    count(*)::integer AS finance_fields,
    sum(x.total) FILTER (WHERE x.type IN ('price', 'accomodation')) AS base_rate,
    sum(x.total) FILTER (WHERE x.type = 'fee') AS fees,
    sum(x.total) FILTER (WHERE x.type = 'tax') AS taxes,
    sum(x.total) FILTER (WHERE x.type = 'discount') AS discounts,
    sum(x.total) FILTER (WHERE x.type = 'commissions') AS commissions,
    sum(x.total) FILTER (WHERE x.type = 'totals') AS finance_total,
    jsonb_agg(jsonb_build_object('id', x.id, 'type', x.type, 'name', x.name, 'title', x.title, 'total', x.total)
      ORDER BY x.id) AS fields
  FROM (
    SELECT
      hostaway.try_bigint(o.raw_payload->>'id') AS id,
      o.raw_payload->>'type' AS type,
      o.raw_payload->>'name' AS name,
      o.raw_payload->>'title' AS title,
      COALESCE(hostaway.try_numeric(o.raw_payload->>'total'), hostaway.try_numeric(o.raw_payload->>'value')) AS total
    FROM hostaway.resource_objects o
    WHERE o.account_id = r.account_id AND o.resource = 'financeFields' AND o.parent_id = r.id
      AND o.deleted_at IS NULL
  ) x
  HAVING count(*) > 0
) f ON true
LEFT JOIN (
  SELECT
    o.account_id,
    hostaway.try_bigint(o.raw_payload->>'reservationId') AS reservation_id,
    count(*) FILTER (WHERE o.raw_payload->>'type' IS DISTINCT FROM 'preAuth')::integer AS charges,
    sum(hostaway.try_numeric(o.raw_payload->>'amount'))
      FILTER (WHERE o.raw_payload->>'type' IS DISTINCT FROM 'preAuth' AND o.raw_payload->>'status' = 'paid')
      AS paid_amount,
    sum(hostaway.try_numeric(o.raw_payload->>'amount'))
      FILTER (WHERE o.raw_payload->>'type' IS DISTINCT FROM 'preAuth' AND o.raw_payload->>'status' = 'awaiting')
      AS awaiting_amount,
    count(*) FILTER (WHERE o.raw_payload->>'type' = 'preAuth')::integer AS deposit_holds
  FROM hostaway.resource_objects o
  WHERE o.resource = 'guestCharges' AND o.deleted_at IS NULL
  GROUP BY o.account_id, hostaway.try_bigint(o.raw_payload->>'reservationId')
) g ON g.account_id = r.account_id AND g.reservation_id = r.id
WHERE r.deleted_at IS NULL;
