/**
 * What the nightly pass costs next to `sync full`, in a process of its own: one account (simulator in yet
 * another process, limits off), a first full sync, a second full sync with nothing changed (what a nightly
 * full costs), `sync reconcile` with nothing changed, then with 1 % of reservations and 1 % of threads
 * changed upstream. Prints one JSON line (ReconcileCostFigures). Argument: a JSON ReconcileCostCase.
 * Run by bench/sync-costs.ts, or alone:
 * node --import tsx bench/reconcile-cost-child.ts '{"listings":100,"reservations":5000,"database":"server"}'
 */
import { randomUUID } from 'node:crypto';
import { insertAccount } from '../src/db/accounts/accounts-repo.js';
import type { RunResult, SyncMode } from '../src/sync/types.js';
import { createBenchDatabase, createBenchEngine, round, startSimulatorProcess } from './harness.js';
import type { ReconcileCostCase, ReconcileCostFigures, RunCost } from './reconcile-cost.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as ReconcileCostCase;
const simulator = await startSimulatorProcess(spec);
const bench = await createBenchDatabase(spec.database);
const control = `${new URL(simulator.baseUrl).origin}/_sim`;
const accountPath = `/accounts/${simulator.accounts[0]!.accountId}`;

async function post(path: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${control}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator ${path}: ${response.status} ${await response.text()}`);
}

/** Rows a run wrote: inserted, updated and marked deleted, over every resource. */
const rowsWritten = (result: RunResult) =>
  Object.values(result.resources).reduce((sum, r) => sum + r.inserted + r.updated + r.deleted, 0);

try {
  const account = simulator.accounts[0]!;
  await insertAccount(bench.db, { ...account, customerId: randomUUID() });
  const { client, engine } = createBenchEngine(bench.db, simulator.baseUrl);
  const measure = async (mode: SyncMode): Promise<RunCost> => {
    await post('/stats/reset', {});
    const started = performance.now();
    const result = await engine.run(account.accountId, mode);
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 'succeeded') throw new Error(`${mode} ${result.status}: ${result.error?.message}`);
    const stats = (await (await fetch(`${control}/stats`)).json()) as {
      byEndpoint: Record<string, number>;
    };
    return {
      requests: result.apiRequests,
      seconds: round(seconds, 2),
      rowsWritten: rowsWritten(result),
      byEndpoint: stats.byEndpoint,
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
  const figures: ReconcileCostFigures = {
    database: bench.kind,
    listings: spec.listings,
    reservations: spec.reservations,
    changed: { reservations: reservations.length, threads: threads.length },
    firstFull,
    idleFull,
    idleReconcile,
    changedReconcile,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  simulator.stop();
  await bench.drop();
}
