/**
 * Database write path against PostgreSQL's fastest load path, in one run on one database:
 * - rows/s of the sync's upsert (upsertReservations, fresh table) ÷ rows/s of `COPY … FROM STDIN` (CSV, via
 *   pg-copy-streams) of the same payloads into an empty table with the same columns, defaults and primary key;
 * - WAL bytes of an unchanged re-upsert ÷ the table's total bytes;
 * - rows/s of a re-upsert in which 1 % of the rows changed;
 * - pglz vs lz4 TOAST compression of raw_payload: server CPU time of the write and table size.
 * Each timing is the best of a few rounds (the machine is shared). Server CPU is read from /proc for the one
 * backend doing the work (the server runs on the same host); it is absent when /proc is not readable.
 * Both start from the same parsed payload objects: COPY's time includes encoding its CSV, as the upsert's
 * includes encoding its JSON parameter.
 */
import { randomUUID } from 'node:crypto';
import { insertAccount } from '../src/db/accounts/accounts-repo.js';
import type { Queryable } from '../src/db/database.js';
import { DEFAULT_UPSERT_CHUNK_SIZE } from '../src/db/mirror/upsert-mirror-rows.js';
import { upsertReservations, type ReservationInput } from '../src/db/mirror/upsert-resource.js';
import { createSimulator } from '../src/simulator/index.js';
import { createWriteTarget } from './db-write-target.js';
import { round, walBytesOf } from './harness.js';

export type DbWriteFigures = Awaited<ReturnType<typeof benchDbWrites>>;

export interface CompressionFigures {
  method: 'pglz' | 'lz4';
  writeSeconds: number;
  /** CPU seconds of the server backend that ran the upserts; null when /proc is not readable. */
  serverCpuSeconds: number | null;
  tableBytes: number;
}

const ROUNDS = 5;

function reservationRows(count: number): ReservationInput[] {
  const simulator = createSimulator({ seed: 7, listings: Math.max(5, count / 50), reservations: count });
  const accountId = simulator.accounts[0]!.accountId;
  return simulator.listReservations(accountId).map((payload) => ({
    id: Number(payload.id),
    listingId: Number(payload.listingMapId),
    payload,
  }));
}

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - started) / 1000, value };
}

/** CSV lines of the rows, encoded lazily so that encoding overlaps with sending, as the upsert's does. */
function* csvLines(accountId: number, customerId: string, rows: ReservationInput[]): Generator<string> {
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  for (const r of rows)
    yield `${accountId},${customerId},${r.id},${r.listingId ?? ''},${quote(JSON.stringify(r.payload))}\n`;
}

/** The same chunks as the upsert, inserted with nothing else: the ceiling of a one-statement-per-chunk path. */
async function plainInsert(
  db: Queryable,
  account: { accountId: number; customerId: string },
  rows: ReservationInput[],
) {
  for (let start = 0; start < rows.length; start += DEFAULT_UPSERT_CHUNK_SIZE) {
    const chunk = rows.slice(start, start + DEFAULT_UPSERT_CHUNK_SIZE);
    await db.query(
      `INSERT INTO hostaway.copy_target (account_id, customer_id, id, listing_id, raw_payload)
       SELECT $1::bigint, $2::uuid, r.id, r.listing_id, r.raw_payload
       FROM jsonb_to_recordset($3::jsonb) AS r(id bigint, listing_id bigint, raw_payload jsonb)`,
      [
        account.accountId,
        account.customerId,
        JSON.stringify(chunk.map((r) => ({ id: r.id, listing_id: r.listingId, raw_payload: r.payload }))),
      ],
    );
  }
}

async function bytesOf(db: Queryable, table: string): Promise<number> {
  const { rows } = await db.query<{ bytes: string }>(
    'SELECT pg_total_relation_size($1::regclass)::text AS bytes',
    [table],
  );
  return Number(rows[0]!.bytes);
}

/** On the PostgreSQL server when one is configured, else on an in-memory PGlite (no WAL figure there). */
export async function benchDbWrites(options: { rows: number }) {
  const target = await createWriteTarget();
  try {
    const session = target.session;
    const rows = reservationRows(options.rows);
    const account = { accountId: 20001, customerId: randomUUID() };
    await insertAccount(session, { ...account, clientSecret: 'bench' });
    const lines = () => csvLines(account.accountId, account.customerId, rows);
    let payloadBytes = 0;
    for (const line of lines()) payloadBytes += line.length;
    await session.query('CREATE TABLE hostaway.copy_target (LIKE hostaway.reservations INCLUDING ALL)');
    const upsert = (input: ReservationInput[]) => upsertReservations(session, { ...account, rows: input });
    let bestUpsert = Infinity;
    let bestCopy = Infinity;
    let bestPlain = Infinity;
    for (let attempt = 0; attempt < ROUNDS; attempt += 1) {
      await session.query('TRUNCATE hostaway.copy_target');
      bestPlain = Math.min(bestPlain, (await timed(() => plainInsert(session, account, rows))).seconds);
      await session.query('TRUNCATE hostaway.reservations');
      bestUpsert = Math.min(bestUpsert, (await timed(() => upsert(rows))).seconds);
      await session.query('TRUNCATE hostaway.copy_target');
      bestCopy = Math.min(
        bestCopy,
        (await timed(() => target.copy('hostaway.copy_target', lines()))).seconds,
      );
    }
    // The WAL position is server-wide: keep the quietest of a few tries.
    let noopWalBytes: number | null = null;
    for (let attempt = 0; target.hasWal && attempt < ROUNDS; attempt += 1) {
      const bytes = await walBytesOf(session, () => upsert(rows));
      noopWalBytes = Math.min(noopWalBytes ?? bytes, bytes);
    }
    const tableBytes = await bytesOf(session, 'hostaway.reservations');
    const changed = rows.map((r, i) =>
      i % 100 === 7 ? { ...r, payload: { ...r.payload, hostNote: `bench change ${Date.now()}` } } : r,
    );
    const changedRun = await timed(() => upsert(changed));
    const compression: CompressionFigures[] = [];
    const { rows: offered } = await session.query<{ lz4: boolean }>(
      `SELECT COALESCE(bool_or('lz4' = ANY (enumvals)), false) AS lz4 FROM pg_settings
        WHERE name = 'default_toast_compression'`,
    );
    for (const method of offered[0]!.lz4 ? (['pglz', 'lz4'] as const) : (['pglz'] as const)) {
      await session.query(
        `ALTER TABLE hostaway.reservations ALTER COLUMN raw_payload SET COMPRESSION ${method}`,
      );
      let best: CompressionFigures | undefined;
      for (let attempt = 0; attempt < ROUNDS; attempt += 1) {
        await session.query('TRUNCATE hostaway.reservations');
        const cpuBefore = target.serverCpuSeconds();
        const run = await timed(() => upsert(rows));
        const cpuAfter = target.serverCpuSeconds();
        const figures: CompressionFigures = {
          method,
          writeSeconds: round(run.seconds, 3),
          serverCpuSeconds: cpuBefore === null || cpuAfter === null ? null : round(cpuAfter - cpuBefore, 2),
          tableBytes: await bytesOf(session, 'hostaway.reservations'),
        };
        if (best === undefined || figures.writeSeconds < best.writeSeconds) best = figures;
      }
      compression.push(best!);
    }
    return {
      database: target.kind,
      rows: rows.length,
      payloadBytes,
      upsertRowsPerSecond: round(rows.length / bestUpsert),
      copyRowsPerSecond: round(rows.length / bestCopy),
      plainInsertRowsPerSecond: round(rows.length / bestPlain),
      upsertToCopy: round(bestCopy / bestUpsert, 3),
      // What one INSERT statement per chunk can reach at best on this database.
      plainInsertToCopy: round(bestCopy / bestPlain, 3),
      noopWalBytes, // null on PGlite (no WAL position to read)
      tableBytes,
      noopWalRatio: noopWalBytes === null ? null : round(noopWalBytes / tableBytes, 5),
      onePercentChangedRowsPerSecond: round(rows.length / changedRun.seconds),
      onePercentChangedWritten: changedRun.value.updated + changedRun.value.inserted,
      compression,
    };
  } finally {
    await target.close();
  }
}
