-- lz4 TOAST compression for the raw JSONB columns, where the server offers it (PostgreSQL 14+ built with
-- lz4): it compresses and decompresses several times faster than the default pglz at a similar size.
-- Values already stored keep their compression until they are rewritten. A clean no-op where lz4 is not
-- offered (the embedded database, servers built without lz4, PostgreSQL 13 and older).
DO $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)
  ) THEN
    ALTER TABLE hostaway.listings ALTER COLUMN raw_payload SET COMPRESSION lz4;
    ALTER TABLE hostaway.reservations ALTER COLUMN raw_payload SET COMPRESSION lz4;
    ALTER TABLE hostaway.messages ALTER COLUMN raw_conversation SET COMPRESSION lz4,
      ALTER COLUMN raw_messages SET COMPRESSION lz4;
    ALTER TABLE hostaway.webhook_events ALTER COLUMN payload SET COMPRESSION lz4;
  END IF;
END
$$;
