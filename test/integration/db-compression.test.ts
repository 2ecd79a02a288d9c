import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const PAYLOAD_COLUMNS = [
  ['listings', 'raw_payload'],
  ['reservations', 'raw_payload'],
  ['messages', 'raw_conversation'],
  ['messages', 'raw_messages'],
  ['webhook_events', 'payload'],
] as const;

describe('payload column compression (migration 0003)', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(() => t.drop());

  it('uses lz4 for every raw JSONB column where the server offers it, and changes nothing elsewhere', async () => {
    const { rows: offered } = await t.db.query<{ lz4: boolean }>(
      `SELECT COALESCE(bool_or('lz4' = ANY (enumvals)), false) AS lz4
         FROM pg_settings WHERE name = 'default_toast_compression'`,
    );
    const expected = offered[0]!.lz4 ? 'l' : '';
    for (const [table, column] of PAYLOAD_COLUMNS) {
      const { rows } = await t.db.query<{ compression: string }>(
        `SELECT attcompression::text AS compression FROM pg_attribute
          WHERE attrelid = $1::regclass AND attname = $2`,
        [`hostaway.${table}`, column],
      );
      assert.equal(rows[0]?.compression, expected, `${table}.${column}`);
    }
  });
});
