/**
 * What the optional resources cost, in a process of its own (bench/child.ts resource-costs): one account
 * with `--resources all` (simulator in yet another process, limits off), a first `sync full`, an
 * incremental run with nothing due, one with every resource due (cadences 0) and nothing changed, and an
 * idle `sync reconcile`. Each resource's requests are compared with its stated cost.
 */
import { randomUUID } from 'node:crypto';
import { CONFIG_DEFAULTS } from '../src/config.js';
import { insertAccount, updateAccount } from '../src/db/accounts/accounts-repo.js';
import type { Queryable } from '../src/db/database.js';
import { cadenceSeconds } from '../src/sync/due.js';
import { financeFieldRequests } from '../src/sync/resources/finance-fields.js';
import type { AccountSize, Resource } from '../src/sync/resource.js';
import { ownerStatementFullRequests } from '../src/sync/resources/owner-statements.js';
import { RESOURCES } from '../src/sync/registry.js';
import { SELECTABLE_RESOURCES } from '../src/sync/resource-sets.js';
import type { RunResult, SyncMode, SyncSettings } from '../src/sync/types.js';
import { runInChild } from './child-process.js';
import { createBenchEngine, withBenchAccount, type AccountCase } from './harness.js';

export type CostedRun = 'full' | 'idleIncremental' | 'dueIncremental' | 'reconcile';

export type ResourceCostFigures = Awaited<ReturnType<typeof measureResourceCosts>>;
export type ResourceCost = ResourceCostFigures['resources'][number];

/** Runs the case in a fresh process and returns its figures. */
export const runResourceCosts = (spec: AccountCase) => runInChild('resource-costs', spec);

/** The stated cost of one pass in `mode`, on an account where nothing changed since the previous run. */
function statedCost(resource: Resource, mode: SyncMode, size: AccountSize): number {
  if (resource.name === 'financeFields')
    return financeFieldRequests(mode, size, CONFIG_DEFAULTS.fanOut.financeFieldsVerifyPerRun);
  if (resource.name === 'ownerStatements' && mode === 'full') return ownerStatementFullRequests(size);
  return resource.requestsPerRun!(size);
}

/** Tables of the core three and of the optional resources, with indexes and TOAST. */
async function databaseBytes(db: Queryable): Promise<{ core: number; optional: number }> {
  const { rows } = await db.query<{ core: string; optional: string }>(
    `SELECT sum(pg_total_relation_size(c.oid)) FILTER (WHERE c.relname IN ('listings', 'reservations', 'messages'))::text AS core,
       sum(pg_total_relation_size(c.oid)) FILTER (WHERE c.relname IN ('resource_objects', 'listing_calendar'))::text AS optional
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'hostaway' AND c.relkind = 'r'`,
  );
  return { core: Number(rows[0]!.core), optional: Number(rows[0]!.optional) };
}

const OPTIONAL_RESOURCES = RESOURCES.filter((r) => !r.core);
const OPTIONAL_NAMES = new Set(OPTIONAL_RESOURCES.map((r) => r.name));
/** What the run's core three cost: every request it made less those of its optional resources. */
const coreRequests = (result: RunResult) =>
  result.apiRequests -
  Object.entries(result.resources)
    .filter(([name]) => OPTIONAL_NAMES.has(name))
    .reduce((sum, [, r]) => sum + (r.requests ?? 0), 0);

/** The child's side: the runs themselves. */
export async function measureResourceCosts(spec: AccountCase) {
  return withBenchAccount(spec, spec.database, async (simulator, bench) => {
    const account = simulator.accounts[0]!;
    await insertAccount(bench.db, { ...account, customerId: randomUUID() });
    await updateAccount(bench.db, account.accountId, { resources: [...SELECTABLE_RESOURCES] });
    const engineWith = (settings: SyncSettings) =>
      createBenchEngine(bench.db, simulator.baseUrl, { settings });
    const everyResourceDue = Object.fromEntries(OPTIONAL_RESOURCES.map((r) => [r.name, 0]));
    const runs: [CostedRun, SyncMode, SyncSettings][] = [
      ['full', 'full', {}],
      ['idleIncremental', 'incremental', {}],
      ['dueIncremental', 'incremental', { resourceCadences: everyResourceDue }],
      ['reconcile', 'reconcile', {}],
    ];
    const results = {} as Record<CostedRun, RunResult>;
    let sizes = { core: 0, optional: 0 };
    for (const [name, mode, settings] of runs) {
      const { client, engine } = engineWith(settings);
      const result = await engine.run(account.accountId, mode);
      client.close();
      if (result.status !== 'succeeded')
        throw new Error(`${name} ${result.status}: ${result.error?.message}`);
      results[name] = result;
      if (name === 'full') sizes = await databaseBytes(bench.db);
    }
    const baseSize: AccountSize = {
      listings: results.full.resources['listings']!.fetched,
      reservations: results.full.resources['reservations']!.fetched,
      objects: 0,
      changedReservations: 0,
    };
    const perRun = (cost: (run: CostedRun) => number) =>
      Object.fromEntries(runs.map(([run]) => [run, cost(run)])) as Record<CostedRun, number>;
    const made = (name: string, run: CostedRun) => results[run].resources[name]?.requests ?? 0;
    // Per optional resource, its requests per run: made (the run's count) and stated (its describe() formula).
    const resources = OPTIONAL_RESOURCES.filter((r) => SELECTABLE_RESOURCES.includes(r.name)).map(
      (resource) => {
        const size = { ...baseSize, objects: results.full.resources[resource.name]?.fetched ?? 0 };
        const windowed = resource.window !== undefined;
        const dueObjects = results.dueIncremental.resources[resource.name]?.fetched ?? 0;
        const dueSize = windowed ? { ...size, objects: dueObjects } : size;
        return {
          name: resource.name,
          cadenceSeconds: cadenceSeconds(resource, {}),
          objects: size.objects,
          // Read by date window between complete passes (one a `completeListSeconds`): its due pass is the window's.
          windowed,
          made: perRun((run) => made(resource.name, run)),
          // The runs whose cost a formula fixes (a reconcile's recent owner statements depend on dates).
          stated: {
            full: statedCost(resource, 'full', size),
            idleIncremental: 0,
            dueIncremental: statedCost(resource, 'incremental', dueSize),
          },
        };
      },
    );
    return {
      database: bench.kind,
      listings: baseSize.listings,
      reservations: baseSize.reservations,
      // Core requests (token, listings, reservations, conversations, threads) of each run.
      core: perRun((run) => coreRequests(results[run])),
      resources,
      // Bytes on disk after the full sync, by where the rows are.
      databaseBytes: sizes,
    };
  });
}
