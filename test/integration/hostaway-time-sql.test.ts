import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertAccount } from '../../src/db/accounts/accounts-repo.js';
import { hostawayTimeKeySql } from '../../src/db/sql/hostaway-time-sql.js';
import { storeWebhookBatch, type InboxBatchItem } from '../../src/db/sql/webhook-inbox-batch.js';
import { upsertReservationsIfNewer } from '../../src/db/sql/guarded-reservation-upsert.js';
import { hostawayTimeKey } from '../../src/hostaway-time.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { fuzzSeed, picker } from '../helpers/fuzz-harness.js';

const A = { accountId: 1001, customerId: '11111111-1111-4111-8111-111111111111' };

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  await insertAccount(t.db, { ...A, clientSecret: 'a' });
});
after(() => t.drop());

/** Values near the format: valid times of every month end and leap rule, and single-character mutations. */
function candidates(random: () => number): string[] {
  const p = picker(random);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const values: string[] = [];
  for (const year of [0, 4, 100, 400, 1900, 1999, 2000, 2023, 2024, 2100, 9999])
    for (let month = 0; month <= 13; month += 1)
      for (const day of [0, 1, 28, 29, 30, 31, 32])
        values.push(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)} 10:00:00`);
  const alphabet = '0123456789 -:.TZtz+9';
  for (let i = 0; i < 3000; i += 1) {
    const base = `${pad(p.int(0, 9999), 4)}-${pad(p.int(1, 12), 2)}-${pad(p.int(1, 31), 2)}${p.pick([' ', 'T'])}${pad(p.int(0, 23), 2)}:${pad(p.int(0, 59), 2)}:${pad(p.int(0, 59), 2)}${p.pick(['', '.5', '.123456', '.1234567', 'Z', '.25Z'])}`;
    const chars = [...base];
    const mutations = p.int(0, 2);
    for (let m = 0; m < mutations; m += 1) {
      const at = p.int(0, chars.length);
      const kind = p.int(0, 2);
      const char = alphabet[p.int(0, alphabet.length - 1)]!;
      if (kind === 0) chars[at] = char;
      else if (kind === 1) chars.splice(at, 0, char);
      else chars.splice(at, 1);
    }
    values.push(chars.join(''));
  }
  return values;
}

describe('code and SQL read Hostaway times alike', () => {
  it('the same values are readable and give the same keys', async () => {
    const { random } = fuzzSeed('hostaway time keys');
    const values = candidates(random);
    const { rows } = await t.db.query<{ key: string | null }>(
      `SELECT ${hostawayTimeKeySql('x.v')} AS key
       FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS x(v, n) ORDER BY x.n`,
      [JSON.stringify(values)],
    );
    const mismatches = values.filter((v, i) => (hostawayTimeKey(v) ?? null) !== rows[i]!.key);
    assert.deepEqual(mismatches, []);
    const readable = rows.filter((r) => r.key !== null).length;
    assert.ok(readable > 500 && readable < values.length - 500, `${readable} of ${values.length} readable`);
  });

  // Several deliveries of one reservation in one batch: the retry path picks the winner in code, the
  // listener's inbox statement in SQL. Both must keep the same version.
  const cases: [string, string[], number][] = [
    ['an hour without its leading zero is unreadable', ['2026-01-01 10:00:00', '2026-01-01 9:00:00'], 0],
    ['a T separator is read as a time, not as text', ['2026-01-01 10:00:00', '2026-01-01T09:00:00'], 0],
    [
      'the same instant written two ways: the later delivery',
      ['2026-01-01T10:00:00Z', '2026-01-01 10:00:00'],
      1,
    ],
    ['a fraction counts', ['2026-01-01 10:00:00.5', '2026-01-01 10:00:00'], 0],
    ['a date that does not exist is unreadable', ['2026-02-28 10:00:00', '2026-02-30 10:00:00'], 0],
    ['an unreadable time loses to any readable one', ['garbage', '2000-01-01 00:00:00', 'zzz'], 1],
  ];
  let nextId = 5000;
  const stored = async (id: number) =>
    (
      await t.db.query<{ v: number }>(
        `SELECT (raw_payload->>'v')::int AS v FROM hostaway.reservations WHERE account_id = $1 AND id = $2`,
        [A.accountId, id],
      )
    ).rows[0]?.v;

  for (const [name, times, winner] of cases)
    it(`chooses a batch's winner as the SQL guard does: ${name}`, async () => {
      const viaCode = (nextId += 1);
      const outcomes = await upsertReservationsIfNewer(
        t.db,
        times.map((updatedOn, v) => ({
          accountId: A.accountId,
          id: viaCode,
          listingId: 1,
          payload: { id: viaCode, updatedOn, v },
        })),
      );
      assert.deepEqual(
        outcomes,
        times.map((_, v) => (v === winner ? 'inserted' : 'unchanged')),
      );
      assert.equal(await stored(viaCode), winner);

      const viaSql = (nextId += 1);
      const items: InboxBatchItem[] = times.map((updatedOn, v) => ({
        accountId: A.accountId,
        event: 'reservation.updated',
        objectId: viaSql,
        body: JSON.stringify({ accountId: A.accountId, data: { id: viaSql, updatedOn, v } }),
        reservation: { id: viaSql, listingId: 1, path: ['data'] },
        status: 'applied',
        attempts: 1,
      }));
      const events = await storeWebhookBatch(t.db, items);
      assert.deepEqual(
        events.map((e) => e.outcome),
        times.map((_, v) => (v === winner ? 'inserted' : 'unchanged')),
      );
      assert.equal(await stored(viaSql), winner);
    });
});
