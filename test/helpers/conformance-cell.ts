import { randomUUID } from 'node:crypto';
import { syncExitCode } from '../../src/cli/sync-exit-code.js';
import { ExitCode } from '../../src/errors.js';
import { insertAccount, updateAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Database } from '../../src/db/database.js';
import type { HostawayClient } from '../../src/hostaway/client.js';
import type { Simulator } from '../../src/simulator/index.js';
import { saveWebhookCredentials } from '../../src/db/webhooks/webhook-accounts-repo.js';
import { getStatusReport } from '../../src/sync/status.js';
import { hashWebhookPassword } from '../../src/webhook/password-hash.js';
import type { RunResult, SyncMode } from '../../src/sync/types.js';
import type { UpstreamEdits } from './conformance-edits.js';
import { resourceDifferences, wronglyDeleted, type MirrorScope } from './conformance-mirror.js';
import { rowVersions, type MatrixResource } from './conformance-resources.js';
import type { Cell, CellFault, CellRunOptions } from './conformance-scenarios.js';
import type { StallDatabase } from './conformance-stall.js';
import { holdTableLock } from './held-lock.js';
import { createTestEngine } from './sync.js';

/** What an idle incremental run of the core resources may cost (the budget in design.md). */
const IDLE_CORE_REQUESTS = 4;

/** One hash for every cell's webhook credentials (hashing is slow on purpose). */
const WEBHOOK_PASSWORD_HASH = hashWebhookPassword('conformance');

/** The calendar window of every run (small: a cell reads few days). */
export const FAN_OUT = { calendarDaysBack: 2, calendarDaysAhead: 5 };

export interface CellDeps {
  db: Database;
  sim: Simulator;
  /** Two clients: the second one is the second process. */
  clients: [HostawayClient, HostawayClient];
  /** The resources of the matrix (the core ones are the account's others). */
  resources: readonly MatrixResource[];
  /** The server database again, with short and with long lock waits, for stalled cells (none on PGlite). */
  stall?: StallDatabase;
}

/**
 * Registers the account with only `resource` (besides the core ones), syncs it once and returns its cell.
 * The cell's edits are given: a cell that cannot run is known before any sync.
 */
export async function createCell(
  deps: CellDeps,
  account: { accountId: number; clientSecret: string },
  resource: MatrixResource,
  edits: UpstreamEdits,
  firstFault?: CellFault,
): Promise<Cell> {
  const { db, sim } = deps;
  const { accountId } = account;
  const attachments = resource.table === 'message_attachments';
  await insertAccount(db, { accountId, customerId: randomUUID(), clientSecret: account.clientSecret });
  await updateAccount(db, accountId, {
    resources: resource.core || attachments ? [] : [resource.name],
    downloadAttachments: attachments,
  });
  const engine = (client: HostawayClient, options: CellRunOptions = {}) =>
    createTestEngine(options.waits ? stallDatabase()[options.waits] : db, client, {
      ...(options.signal ? { signal: options.signal } : {}),
      threadMaxAttempts: 1,
      resourceCadences: resource.core ? {} : { [resource.name]: 0 },
      // The simulator serves attachment files from loopback, which downloads refuse unless listed.
      settings: {
        fanOut: FAN_OUT,
        attachments: { allowedHosts: [new URL(sim.baseUrl).host] },
        ...options.settings,
      },
    });
  function stallDatabase(): StallDatabase {
    if (deps.stall === undefined) throw new Error('a stalled cell needs a server database');
    return deps.stall;
  }
  const run = (mode: SyncMode, options?: CellRunOptions) =>
    engine(deps.clients[0], options).run(accountId, mode);
  const scopeOf = (result: RunResult): MirrorScope => ({
    db,
    sim,
    account,
    startedAt: new Date(result.startedAt),
    fanOut: FAN_OUT,
  });
  function inject(fault: CellFault, paths: 'all' | 'last' = 'all'): void {
    const targets = paths === 'all' ? resource.faultPaths : resource.faultPaths.slice(-1);
    for (const path of targets) sim.injectFaults({ ...fault, path, accountId, untilCleared: true });
  }
  function clearFaults(): void {
    sim.clearFaults();
    sim.clearPageHooks();
  }
  const others = deps.resources.filter((r) => r.core && r.name !== resource.name);

  async function judgeOne(
    result: RunResult,
    mirror: boolean,
    leftOut: readonly string[] = [],
  ): Promise<string[]> {
    if (result.status === 'skipped') return [];
    const scope = scopeOf(result);
    const lines: string[] = [];
    for (const r of [resource, ...others])
      for (const line of await wronglyDeleted(scope, r)) lines.push(`live row marked deleted: ${line}`);
    if (!resource.core && result.status === 'failed')
      lines.push(`the account failed for one optional resource: ${result.error?.message ?? ''}`);
    const own = result.resources[resource.name];
    if (mirror && own?.status === 'succeeded' && !leftOut.includes(resource.name))
      for (const line of await resourceDifferences(scope, resource))
        lines.push(`${resource.name} says succeeded but differs: ${line}`);
    // A 403 past a fresh token on a core path is Hostaway rejecting the credentials: the account stops.
    const rejected = resource.core && result.error?.exitCode === ExitCode.authRejected;
    for (const other of others) {
      const status = result.resources[other.name]?.status ?? 'not run';
      // A stopped run leaves the resources after the stop not run.
      const stopped = result.status === 'interrupted' && status === 'not-run';
      const waits = leftOut.includes(other.name);
      if (waits && status !== 'not run') lines.push(`other resource ${other.name} ${status}, not left out`);
      if (!waits && status !== 'succeeded' && !rejected && !stopped)
        lines.push(`other resource ${other.name} ${status}`);
      if (mirror && !waits)
        for (const line of await resourceDifferences(scope, other))
          lines.push(`other resource ${other.name}: ${line}`);
    }
    return lines;
  }

  async function agreement(results: RunResult[]): Promise<string[]> {
    // A stopped run exits with its signal's code (130/143), which says nothing about the account's health.
    if (results.some((r) => r.status === 'interrupted')) return [];
    const exit = syncExitCode(results, undefined);
    const report = await getStatusReport(db, { accountIds: [accountId] });
    const healthy = report.accounts[0]?.healthy ?? false;
    if ((exit === 0) === healthy) return [];
    const statuses = results.map((r) => `${r.status}${r.error ? ` (${r.error.message})` : ''}`).join(', ');
    return [`exit ${exit} but status says ${healthy ? 'healthy' : 'unhealthy'}; run ${statuses}`];
  }

  if (firstFault !== undefined) inject(firstFault);
  const first = await run('full');
  clearFaults();
  return {
    resource,
    edits,
    first,
    run,
    runTwice: (mode) => Promise.all(deps.clients.map((client) => engine(client).run(accountId, mode))),
    inject,
    afterFirstPage(action) {
      sim.afterRequest({ accountId, pathPrefix: resource.hookPrefix }, () => action());
    },
    clearFaults,
    async enterWebhookMode() {
      await saveWebhookCredentials(db, accountId, {
        login: 'hook',
        passwordHash: await WEBHOOK_PASSWORD_HASH,
      });
      await db.query(`UPDATE hostaway.accounts SET webhook_mode = 'webhook' WHERE account_id = $1`, [
        accountId,
      ]);
    },
    async age(seconds) {
      await db.query(
        `UPDATE hostaway.sync_state SET
           last_full_success_at = last_full_success_at - make_interval(secs => $2),
           last_incremental_success_at = last_incremental_success_at - make_interval(secs => $2),
           last_reconcile_success_at = last_reconcile_success_at - make_interval(secs => $2)
         WHERE account_id = $1`,
        [accountId, seconds],
      );
    },
    async status(options) {
      const report = await getStatusReport(db, { ...options, accountIds: [accountId] });
      return report.accounts[0]!;
    },
    lockTable: () => holdTableLock(stallDatabase().url, resource.table),
    async judge(results, options = {}) {
      const list = Array.isArray(results) ? results : [results];
      const lines: string[] = [];
      for (const result of list)
        lines.push(...(await judgeOne(result, options.mirror ?? true, options.leftOut)));
      return [...lines, ...(await agreement(list))];
    },
    async exact(result) {
      const status = result.resources[resource.name]?.status ?? 'not run';
      const lines =
        status === 'succeeded'
          ? []
          : [
              `${resource.name} ${status}: ${result.resources[resource.name]?.error ?? result.error?.message ?? ''}`,
            ];
      for (const line of await resourceDifferences(scopeOf(result), resource))
        lines.push(`${resource.name}: ${line}`);
      return lines;
    },
    async writesDuring(action) {
      const before = await rowVersions(db, accountId, resource);
      const result = await action();
      const after = await rowVersions(db, accountId, resource);
      const moved = [...after].filter(([key, version]) => before.get(key) !== version).map(([key]) => key);
      const counts = result.resources[resource.name];
      const written = (counts?.inserted ?? 0) + (counts?.updated ?? 0) + (counts?.deleted ?? 0);
      return {
        result,
        lines: [
          ...(moved.length > 0
            ? [`${moved.length} row(s) rewritten, e.g. ${moved.slice(0, 3).join(', ')}`]
            : []),
          ...(written > 0 ? [`reports ${written} row(s) written`] : []),
        ],
      };
    },
    costs(result) {
      const requests = result.resources[resource.name]?.requests ?? 0;
      const statedCost = resource.requestsPerRun;
      if (statedCost === undefined) {
        const core = result.apiRequests;
        return core <= IDLE_CORE_REQUESTS ? [] : [`an idle run made ${core} core requests`];
      }
      const stated = statedCost({
        listings: sim.listListings(accountId).length,
        reservations: sim.listReservations(accountId).length,
        // A pass of a list read by date window reads the window's objects, not the whole list's.
        objects: (resource.window ? result : first).resources[resource.name]?.fetched ?? 0,
        changedReservations: 0,
      });
      return requests === stated ? [] : [`${requests} requests, stated ${stated}`];
    },
  };
}
