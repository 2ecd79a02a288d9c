import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { updateAccount } from '../../src/db/accounts/accounts-repo.js';
import type { ResourceCounts, SyncMode } from '../../src/sync/types.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';

const VERIFY = 3;
/**
 * WAL an unchanged run may write in this database (run log, sync state), not counting full-page images: the
 * first change of a page after a checkpoint copies the whole page, and when a checkpoint falls is up to the
 * server (busy with other test files), not to the run.
 */
const WAL_BUDGET_BYTES = 8 * 1024;

async function startSynced(seed: number, reservations: number) {
  const sim = await startSimulator({ seed, accounts: 1, listings: 4, reservations });
  const t = await createTestDatabase();
  await addSimulatedAccounts(t.db, sim);
  const accountId = sim.accounts[0]!.accountId;
  // The core three only: their mirror tables are the ones checked.
  await updateAccount(t.db, accountId, { resources: [] });
  const run = async (mode: SyncMode) =>
    (
      await createTestEngine(t.db, createTestClient(sim.baseUrl), { verifyThreadsPerRun: VERIFY }).runMany(
        [accountId],
        mode,
      )
    )[0]!;
  assert.equal((await run('full')).status, 'succeeded');
  return { sim, t, accountId, run };
}

describe('rolling thread verification', () => {
  let s: Awaited<ReturnType<typeof startSynced>>;
  before(async () => {
    s = await startSynced(41, 16);
  });
  after(async () => {
    await s.sim.close();
    await s.t.drop();
  });

  it('moves past threads that fail every time and finds a change the listing cannot show', async () => {
    const { sim, t, accountId, run } = s;
    const { rows } = await t.db.query<{ id: number }>(
      `SELECT conversation_id AS id FROM hostaway.messages WHERE account_id = $1 AND deleted_at IS NULL
       ORDER BY conversation_id`,
      [accountId],
    );
    const ids = rows.map((r) => Number(r.id));
    assert.ok(ids.length > 2 * VERIFY);
    // As many threads fail for good as the budget verifies per run, the first ones in turn.
    for (const id of ids.slice(0, VERIFY))
      sim.injectFaults({ kind: '500', pathPrefix: `/v1/conversations/${id}/messages`, count: 100_000 });
    // A stored thread that lost its messages while its conversation stayed the same: only verification sees it.
    const tampered = ids.at(-1)!;
    await t.db.query(
      `UPDATE hostaway.messages SET raw_messages = '[]'::jsonb WHERE account_id = $1 AND conversation_id = $2`,
      [accountId, tampered],
    );
    try {
      for (let pass = 0; pass < Math.ceil(ids.length / VERIFY); pass += 1) {
        const result = await run('reconcile');
        assert.equal(result.status, 'partial', 'the failing threads are reported');
      }
      const { rows: stored } = await t.db.query<{ n: number }>(
        `SELECT jsonb_array_length(raw_messages) AS n FROM hostaway.messages
         WHERE account_id = $1 AND conversation_id = $2`,
        [accountId, tampered],
      );
      assert.equal(stored[0]!.n, sim.listMessages(accountId, tampered).length, 'verified within the rounds');
    } finally {
      sim.clearFaults();
    }
  });
});

describe('reconcile counts', () => {
  let s: Awaited<ReturnType<typeof startSynced>>;
  before(async () => {
    s = await startSynced(42, 16);
  });
  after(async () => {
    await s.sim.close();
    await s.t.drop();
  });

  it('counts each thread once: a verified thread is unchanged or updated, never a second row', async () => {
    const { t, accountId, run } = s;
    const { rows } = await t.db.query<{ id: number }>(
      `SELECT conversation_id AS id FROM hostaway.messages WHERE account_id = $1 ORDER BY conversation_id`,
      [accountId],
    );
    const unchanged = await run('reconcile');
    assert.equal(unchanged.status, 'succeeded');
    assert.deepEqual(pick(unchanged.resources['threads']!), {
      fetched: rows.length,
      inserted: 0,
      updated: 0,
      unchanged: rows.length,
    });
    // The next verified thread lost its messages: its second look updates it.
    const next = Number(rows[VERIFY]!.id);
    await t.db.query(
      `UPDATE hostaway.messages SET raw_messages = '[]'::jsonb WHERE account_id = $1 AND conversation_id = $2`,
      [accountId, next],
    );
    const repaired = await run('reconcile');
    assert.deepEqual(pick(repaired.resources['threads']!), {
      fetched: rows.length,
      inserted: 0,
      updated: 1,
      unchanged: rows.length - 1,
    });
  });
});

const pick = ({ fetched, inserted, updated, unchanged }: ResourceCounts) => ({
  fetched,
  inserted,
  updated,
  unchanged,
});

/** Each mirror row's version (xmin), by table and id: a row written since has another. */
async function rowVersions(t: TestDatabase, accountId: number) {
  const { rows } = await t.db.query<{ key: string; xmin: string }>(
    `SELECT 'listings/' || id AS key, xmin::text FROM hostaway.listings WHERE account_id = $1
     UNION ALL SELECT 'reservations/' || id, xmin::text FROM hostaway.reservations WHERE account_id = $1
     UNION ALL SELECT 'messages/' || conversation_id, xmin::text FROM hostaway.messages WHERE account_id = $1`,
    [accountId],
  );
  return new Map(rows.map((r) => [r.key, r.xmin]));
}

/**
 * WAL this database's relations were written with while `fn` ran (pg_walinspect reads the records between
 * the two positions, so the other databases of a shared server do not count), in bytes with and without
 * full-page images; null on PGlite.
 */
async function walOf(
  t: TestDatabase,
  fn: () => Promise<unknown>,
): Promise<{ records: number; withPageImages: number } | null> {
  if (t.db.kind !== 'postgres') {
    await fn();
    return null;
  }
  const lsn = async () =>
    (await t.db.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn;
  const start = await lsn();
  await fn();
  const { rows } = await t.db.query<{ total: string | null; images: string | null }>(
    `SELECT sum(record_length)::text AS total, sum(fpi_length)::text AS images
     FROM pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn)
     WHERE block_ref LIKE '%/' || (SELECT oid FROM pg_database WHERE datname = current_database()) || '/%'`,
    [start, await lsn()],
  );
  const total = Number(rows[0]!.total ?? 0);
  return { records: total - Number(rows[0]!.images ?? 0), withPageImages: total };
}

describe('an unchanged re-sync writes no mirror row', () => {
  let s: Awaited<ReturnType<typeof startSynced>>;
  before(async () => {
    s = await startSynced(43, 300);
    if (s.t.db.kind === 'postgres') await s.t.db.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
  });
  after(async () => {
    await s.sim.close();
    await s.t.drop();
  });

  for (const mode of ['full', 'reconcile', 'incremental'] as const) {
    it(`sync ${mode}: every mirror row keeps its version${testServerUrl() ? ', and a few KB of WAL' : ''}`, async (test) => {
      const { t, accountId, run } = s;
      const before = await rowVersions(t, accountId);
      let status = '';
      const bytes = await walOf(t, async () => {
        status = (await run(mode)).status;
      });
      assert.equal(status, 'succeeded');
      const after = await rowVersions(t, accountId);
      const written = [...after].filter(([key, xmin]) => before.get(key) !== xmin).map(([key]) => key);
      assert.deepEqual(written, [], `${mode} wrote mirror rows`);
      assert.equal(after.size, before.size);
      if (bytes === null) return;
      test.diagnostic(
        `an unchanged ${mode} wrote ${bytes.records} bytes of WAL records in this database (${bytes.withPageImages} with full-page images)`,
      );
      assert.ok(
        bytes.records <= WAL_BUDGET_BYTES,
        `an unchanged ${mode} wrote ${bytes.records} bytes of WAL records`,
      );
    });
  }
});
