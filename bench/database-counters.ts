/**
 * Counters of one PostgreSQL database that the machine's speed cannot change: transactions, rows written per
 * table and WAL bytes, read before and after a run of other processes (the CLI, another service) so the
 * difference is that run's alone.
 *
 * - Transactions: `pg_stat_database.xact_commit + xact_rollback`, read from a connection to another
 *   database so the readings are not counted. A backend flushes its counts when it goes idle (at most once a
 *   second) and when it exits, so `after` first waits until every other backend of the database is gone.
 * - Rows written: `pg_stat_user_tables.n_tup_ins + n_tup_upd + n_tup_del` per table, read in the database
 *   itself by a reader that forces its own counts out (`pg_stat_force_next_flush()`) before answering, so
 *   its reading is counted before `before` or after `after`, never between.
 * - WAL: with `pg_walinspect` (a contrib extension), the bytes of the records that touch this database's
 *   relations plus the commit records of their transactions, so other databases' work on a shared server is
 *   left out; a `CHECKPOINT` first makes every page the run touches log one full-page image, whatever the
 *   server did before. Without the extension: the server-wide `pg_wal_lsn_diff`, marked as such.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type Database } from '../src/db/database.js';

export type CounterReader = Awaited<ReturnType<typeof createCounterReader>>;
type CounterDelta = Awaited<ReturnType<CounterReader['since']>>;

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

/** Rows written to `tables` only (e.g. the mirror tables), from a delta's per-table counts. */
export const rowsWrittenTo = (delta: CounterDelta, tables: readonly string[]) =>
  sum(tables.map((t) => delta.rowsWritten[t] ?? 0));

/** All rows written to the schema. */
export const allRowsWritten = (delta: CounterDelta) => sum(Object.values(delta.rowsWritten));

/**
 * A reader for database `name` on the server of `serverUrl` (`databaseUrl` connects to it). It installs
 * pg_walinspect in that database when the server has it.
 */
export async function createCounterReader(serverUrl: string, name: string, databaseUrl: string) {
  // One session for the whole measurement: it holds the temporary replication slot that keeps the WAL
  // between two readings from being recycled by a checkpoint (another database's DROP, say).
  const admin = new pg.Client({ connectionString: serverUrl, application_name: 'bench-counters' });
  await admin.connect();
  const slot = `hs_bench_${randomBytes(4).toString('hex')}`;
  const reader = await createDatabase({ url: databaseUrl, poolSize: 1, applicationName: 'bench-counters' });
  const inspect = await installWalInspect(reader);
  const oid = Number(
    (await admin.query<{ oid: string }>('SELECT oid::text FROM pg_database WHERE datname = $1', [name]))
      .rows[0]!.oid,
  );

  const transactions = async () => {
    await admin.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await admin.query<{ n: string }>(
      'SELECT (xact_commit + xact_rollback)::text AS n FROM pg_stat_database WHERE datid = $1',
      [oid],
    );
    return Number(rows[0]!.n);
  };
  const rowsWritten = async () => {
    const { rows } = await reader.query<{ relname: string; n: string }>(
      `SELECT relname, (n_tup_ins + n_tup_upd + n_tup_del)::text AS n, pg_stat_force_next_flush()
         FROM pg_stat_user_tables WHERE schemaname = 'hostaway'`,
    );
    return Object.fromEntries(rows.map((r) => [r.relname, Number(r.n)]));
  };
  const lsn = async () =>
    (await admin.query<{ lsn: string }>(`SELECT pg_current_wal_${inspect ? 'flush_' : ''}lsn()::text AS lsn`))
      .rows[0]!.lsn;
  const othersGone = async () => {
    for (;;) {
      const { rows } = await admin.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM pg_stat_activity
          WHERE datid = $1 AND pid <> ALL (SELECT pid FROM pg_stat_activity WHERE application_name = 'bench-counters')`,
        [oid],
      );
      if (Number(rows[0]!.n) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  return {
    /** Reads the counters; with `checkpoint`, after a CHECKPOINT (for a WAL reading). */
    async before(options: { checkpoint?: boolean } = {}) {
      await othersGone();
      if (inspect) await admin.query('SELECT pg_create_physical_replication_slot($1, true, true)', [slot]);
      const rows = await rowsWritten();
      if (options.checkpoint) await admin.query('CHECKPOINT');
      // rowsWritten: inserted + updated + deleted per table of the `hostaway` schema.
      return { rowsWritten: rows, transactions: await transactions(), walLsn: await lsn() };
    },
    /** Waits for the database's other sessions to end, reads again, and returns the difference. */
    async since(before: { transactions: number; rowsWritten: Record<string, number>; walLsn: string }) {
      await othersGone();
      const transactionsAfter = await transactions();
      const walLsn = await lsn();
      const rows = await rowsWritten();
      const wal = inspect
        ? await databaseWal(reader, oid, before.walLsn, walLsn).finally(() =>
            admin.query('SELECT pg_drop_replication_slot($1)', [slot]),
          )
        : {
            bytes: Number(
              (
                await admin.query<{ b: string }>(
                  'SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::text AS b',
                  [walLsn, before.walLsn],
                )
              ).rows[0]!.b,
            ),
            fullPage: null,
          };
      return {
        transactions: transactionsAfter - before.transactions,
        rowsWritten: Object.fromEntries(
          Object.entries(rows)
            .map(([table, n]) => [table, n - (before.rowsWritten[table] ?? 0)] as const)
            .filter(([, n]) => n !== 0),
        ),
        // This database's WAL between the readings, server-wide when walScope says so; of it, full-page
        // images (null when server-wide).
        walBytes: wal.bytes,
        walFullPageBytes: wal.fullPage,
        walScope: inspect ? ('database' as const) : ('server' as const),
      };
    },
    async close() {
      await reader.close();
      await admin.end();
    },
  };
}

async function installWalInspect(db: Database): Promise<boolean> {
  const { rows } = await db.query<{ n: string }>(
    "SELECT count(*)::text AS n FROM pg_available_extensions WHERE name = 'pg_walinspect'",
  );
  if (Number(rows[0]!.n) === 0) return false;
  await db.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
  return true;
}

/** Bytes of the WAL records touching database `oid`'s relations, plus their transactions' commit records. */
async function databaseWal(db: Database, oid: number, from: string, to: string) {
  if (from === to) return { bytes: 0, fullPage: 0 };
  // One pass over the records (materialized once), then a hash join on the transaction ids.
  const { rows } = await db.query<{ bytes: string; fpi: string }>(
    `WITH r AS MATERIALIZED (
            SELECT xid::text::bigint AS x, resource_manager = 'Transaction' AS tx, record_length, fpi_length,
                   coalesce(block_ref ~ $3, false) AS ours
              FROM pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn)),
          xs AS (SELECT DISTINCT x FROM r WHERE ours AND x <> 0)
     SELECT coalesce(sum(record_length) FILTER (WHERE ours OR xs.x IS NOT NULL), 0)::text AS bytes,
            coalesce(sum(fpi_length) FILTER (WHERE ours), 0)::text AS fpi
       FROM r LEFT JOIN xs ON r.tx AND NOT r.ours AND r.x = xs.x`,
    [from, to, `rel \\d+/${oid}/`],
  );
  return { bytes: Number(rows[0]!.bytes), fullPage: Number(rows[0]!.fpi) };
}
