/**
 * What the nightly pass costs next to `sync full`, in a process of its own (bench/child.ts reconcile-cost):
 * one account (simulator in yet another process, limits off), a first full sync, a second full sync with
 * nothing changed (what a nightly full costs), `sync reconcile` with nothing changed, then with 1 % of
 * reservations and 1 % of threads changed upstream.
 */
import { randomUUID } from 'node:crypto';
import { insertAccount } from '../src/db/accounts/accounts-repo.js';
import type { RunResult, SyncMode } from '../src/sync/types.js';
import { runInChild } from './child-process.js';
import { createBenchEngine, round, withBenchAccount, type AccountCase } from './harness.js';
import { postControl, readStats } from './simulator-process.js';

export type ReconcileCostFigures = Awaited<ReturnType<typeof measureReconcileCost>>;
export type RunCost = ReconcileCostFigures['firstFull'];

/** Runs the case in a fresh process and returns its figures. */
export const runReconcileCost = (spec: AccountCase) => runInChild('reconcile-cost', spec);

/** Rows a run wrote: inserted, updated and marked deleted, over every resource. */
const rowsWritten = (result: RunResult) =>
  Object.values(result.resources).reduce((sum, r) => sum + r.inserted + r.updated + r.deleted, 0);

/** The child's side: the runs themselves. */
export async function measureReconcileCost(spec: AccountCase) {
  return withBenchAccount(spec, spec.database, async (simulator, bench) => {
    const post = (path: string, body: Record<string, unknown>) => postControl(simulator.baseUrl, path, body);
    const account = simulator.accounts[0]!;
    const accountPath = `/accounts/${account.accountId}`;
    await insertAccount(bench.db, { ...account, customerId: randomUUID() });
    const { client, engine } = createBenchEngine(bench.db, simulator.baseUrl);
    // One run's cost: Hostaway requests, wall time, rows written, requests by endpoint (the simulator's count).
    const measure = async (mode: SyncMode) => {
      await post('/stats/reset', {});
      const started = performance.now();
      const result = await engine.run(account.accountId, mode);
      const seconds = (performance.now() - started) / 1000;
      if (result.status !== 'succeeded')
        throw new Error(`${mode} ${result.status}: ${result.error?.message}`);
      return {
        requests: result.apiRequests,
        seconds: round(seconds, 2),
        rowsWritten: rowsWritten(result),
        byEndpoint: (await readStats(simulator.baseUrl)).byEndpoint,
      };
    };
    const firstFull = await measure('full');
    const idleFull = await measure('full');
    const idleReconcile = await measure('reconcile');
    // 1 % changed: every 100th reservation updated, every 100th thread given a new message.
    const every100th = async (sql: string) =>
      (await bench.db.query<{ id: number }>(sql, [account.accountId])).rows
        .map((r) => Number(r.id))
        .filter((_, i) => i % 100 === 0);
    const reservations = await every100th(
      'SELECT id FROM hostaway.reservations WHERE account_id = $1 ORDER BY id',
    );
    const threads = await every100th(
      'SELECT conversation_id AS id FROM hostaway.messages WHERE account_id = $1 ORDER BY conversation_id',
    );
    for (const id of reservations)
      await post(`${accountPath}/reservations/${id}/update`, { hostNote: 'changed tonight' });
    for (const id of threads)
      await post(`${accountPath}/conversations/${id}/messages`, { body: 'A new message', isIncoming: 1 });
    const changedReconcile = await measure('reconcile');
    client.close();
    return {
      database: bench.kind,
      listings: spec.listings,
      reservations: spec.reservations,
      // What changed upstream before `changedReconcile`; idleFull is what a nightly `sync full` costs.
      changed: { reservations: reservations.length, threads: threads.length },
      firstFull,
      idleFull,
      idleReconcile,
      changedReconcile,
    };
  });
}
