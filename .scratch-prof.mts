import { createTestDatabase } from './test/helpers/database.js';
import { insertAccount } from './src/db/accounts-repo.js';
import { upsertListings } from './src/db/upsert-resource.js';
import { markMissingDeleted } from './src/db/mark-missing-deleted.js';
const t = await createTestDatabase();
const B = { accountId: 2, customerId: '44444444-4444-4444-8444-444444444444' };
await insertAccount(t.db, { ...B, clientSecret: 'b' });
const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: 100_000 + i, payload: { i } }));
for (const chunkSize of [2000, 500]) {
  let s = Date.now();
  console.log(chunkSize, await upsertListings(t.db, { ...B, rows: rows.map(r => ({ ...r, payload: { ...r.payload, c: chunkSize } })), chunkSize }), Date.now() - s, 'ms');
}
let s = Date.now();
console.log(await upsertListings(t.db, { ...B, rows: rows.map(r => ({ ...r, payload: { ...r.payload, c: 500 } })) }), 'noop', Date.now() - s, 'ms');
const now = (await t.db.query<{ n: Date }>('select clock_timestamp() n')).rows[0]!.n;
s = Date.now();
console.log(await markMissingDeleted(t.db, { table: 'listings', ...B, seenIds: rows.filter((_, i) => i % 1000).map(r => r.id), startedAt: now }), Date.now() - s, 'ms');
await t.drop();
