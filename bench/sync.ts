import type { Database } from '../src/db/database.js';
import type { RunResult } from '../src/sync/types.js';
import { createEngineForFirstAccount, peakRssMiB, round, withBenchAccount } from './harness.js';
import { postControl, readStats, type SimulatorProcess } from './simulator-process.js';

export type SyncFigures = Awaited<ReturnType<typeof benchSync>>;

const written = (r: RunResult) =>
  Object.values(r.resources).reduce((sum, res) => sum + res.inserted + res.updated, 0);
const pages = (n: number) => Math.max(1, Math.ceil(n / 100));

/**
 * Changes 1% of reservations and, separately, adds a host reply to 1% of threads (a reply moves its
 * conversation to the front of the list; a guest message alone does not, see BENCHMARKS.md).
 */
async function changeOnePercent(simulator: SimulatorProcess, db: Database, accountId: number) {
  const ids = async (sql: string) =>
    (await db.query<{ id: number }>(sql, [accountId])).rows.map((r) => Number(r.id));
  const reservations = await ids('SELECT id FROM hostaway.reservations WHERE account_id = $1 ORDER BY id');
  const threads = await ids(
    'SELECT conversation_id AS id FROM hostaway.messages WHERE account_id = $1 ORDER BY conversation_id DESC',
  );
  const pick = (list: number[]) => list.filter((_, i) => i % 100 === 7);
  const changedReservations = pick(reservations);
  const changedThreads = pick(threads);
  for (const id of changedReservations) {
    await postControl(simulator.baseUrl, `/accounts/${accountId}/reservations/${id}/update`, {
      hostNote: 'bench change',
    });
  }
  for (const id of changedThreads) {
    await postControl(simulator.baseUrl, `/accounts/${accountId}/conversations/${id}/messages`, {
      body: 'bench reply',
      isIncoming: 0,
    });
  }
  return { changedReservations: changedReservations.length, changedThreads: changedThreads.length };
}

async function messageCalls(simulator: SimulatorProcess): Promise<number> {
  return (await readStats(simulator.baseUrl)).byEndpoint['GET /conversations/:id/messages'] ?? 0;
}

/** Full sync, unchanged re-sync, idle incremental and 1%-changed incremental of one account, limits off. */
export async function benchSync(size: { listings: number; reservations: number }) {
  return withBenchAccount(size, undefined, async (simulator, bench) => {
    const { account, client, engine } = await createEngineForFirstAccount(bench, simulator);
    const timed = async (mode: 'full' | 'incremental') => {
      const started = performance.now();
      const result = await engine.run(account.accountId, mode);
      if (result.status !== 'succeeded')
        throw new Error(`${mode} sync ${result.status}: ${result.error?.message}`);
      return { result, seconds: round((performance.now() - started) / 1000, 2) };
    };
    const full = await timed('full');
    const peakRss = peakRssMiB();
    const resync = await timed('full');
    const callsBefore = await messageCalls(simulator);
    const idle = await timed('incremental');
    const idleMessageCalls = (await messageCalls(simulator)) - callsBefore;
    const changes = await changeOnePercent(simulator, bench.db, account.accountId);
    const changed = await timed('incremental');
    client.close();
    const rows = full.result.resources;
    return {
      size: `${size.listings} / ${size.reservations} / ${size.reservations}`,
      database: bench.kind,
      full: {
        seconds: full.seconds,
        rowsWritten: written(full.result),
        rowsPerSecond: round(written(full.result) / full.seconds),
        apiRequests: full.result.apiRequests,
        peakRssMiB: peakRss,
      },
      resync: {
        seconds: resync.seconds,
        rowsWritten: written(resync.result),
        apiRequests: resync.result.apiRequests,
      },
      idleIncremental: {
        seconds: idle.seconds,
        rowsWritten: written(idle.result),
        apiRequests: idle.result.apiRequests,
        messageCalls: idleMessageCalls,
        // listing pages + 1 reservation page + 1 conversation page + 1 swept page (no token: it is stored)
        budget: pages(rows.listings!.fetched) + 3,
      },
      changedIncremental: {
        seconds: changed.seconds,
        ...changes,
        rowsWritten: written(changed.result),
        apiRequests: changed.result.apiRequests,
        // listing pages + changed-reservation pages + conversation pages up to the first unchanged one + one
        // swept page + the changed threads + two per changed reservation (its conversation, then its messages)
        budget:
          pages(rows.listings!.fetched) +
          pages(changes.changedReservations) +
          Math.min(pages(changes.changedThreads) + 2, pages(rows.threads!.fetched)) +
          changes.changedThreads +
          2 * changes.changedReservations,
      },
    };
  });
}
