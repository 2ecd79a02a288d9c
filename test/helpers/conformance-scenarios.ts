import type { FaultSpec } from '../../src/simulator/index.js';
import { syncExitCode } from '../../src/cli/sync-exit-code.js';
import { ExitCode } from '../../src/errors.js';
import type { AccountStatus } from '../../src/sync/status.js';
import type { RunResult, SyncMode, SyncSettings } from '../../src/sync/types.js';
import type { UpstreamEdits } from './conformance-edits.js';
import { WEBHOOK_MODE_SCENARIO } from './conformance-webhook-mode.js';
import type { MatrixResource } from './conformance-resources.js';
import type { HeldLock } from './held-lock.js';
import { sleep } from './sleep.js';

/** A fault the matrix injects on a resource's paths. */
export type CellFault = Pick<FaultSpec, 'kind' | 'status' | 'limit'>;

export interface CellRunOptions {
  /**
   * On a database whose lock waits are short (a held lock fails a statement within a fraction of a
   * second) or long (longer than the cell), server only; else on the matrix's database.
   */
  waits?: 'short' | 'long';
  /** Stops the run (a SIGTERM in process). */
  signal?: AbortSignal;
  /** Settings over the cell's own (webhook-mode cadences, say). */
  settings?: SyncSettings;
}

/** One cell of the matrix: one resource of its own account, synced once already. */
export interface Cell {
  resource: MatrixResource;
  edits: UpstreamEdits;
  /** The first full sync of the account (the resource enabled; under the scenario's `firstSyncFault`). */
  first: RunResult;
  run(mode: SyncMode, options?: CellRunOptions): Promise<RunResult>;
  /** Two processes syncing the account at the same time. */
  runTwice(mode: SyncMode): Promise<RunResult[]>;
  /**
   * Every request of this account to the resource's paths (`last`: only its last one, the per-object
   * path where it has one) gets `fault` until the faults are cleared.
   */
  inject(fault: CellFault, paths?: 'all' | 'last'): void;
  /** After the first page (answer) of the resource, `action` runs once. */
  afterFirstPage(action: () => void): void;
  clearFaults(): void;
  /** The account has webhook credentials and is in webhook mode (its deliveries proved healthy). */
  enterWebhookMode(): Promise<void>;
  /** Time passes for the account's sync state: each resource last succeeded `seconds` earlier. */
  age(seconds: number): Promise<void>;
  /** The account as `status` reports it (`status --max-age` at `now`, under the runs' `settings`). */
  status(options: { now?: Date; maxAgeMs?: number; settings?: SyncSettings }): Promise<AccountStatus>;
  /** Another session locks the resource's table (`ACCESS EXCLUSIVE`, server only) until released. */
  lockTable(): Promise<HeldLock>;
  /**
   * The invariants after a run, one line per broken one: no live row marked deleted; a resource that
   * says `succeeded` equals the simulator (`mirror: false` skips this for the resource under test); the
   * account's other resources complete and equal (those a stop left not run aside); exit code and `status`
   * agree (a stopped run exits with its signal's code). `leftOut`: resources not due in webhook mode, whose
   * mirror may lag: the run must not take the core ones among them.
   */
  judge(
    results: RunResult | RunResult[],
    options?: { mirror?: boolean; leftOut?: readonly string[] },
  ): Promise<string[]>;
  /** Lines for a resource that did not end `succeeded` and equal to the simulator. */
  exact(result: RunResult): Promise<string[]>;
  /** Lines for rows of the resource written (row versions that moved) while running `action`. */
  writesDuring(action: () => Promise<RunResult>): Promise<{ result: RunResult; lines: string[] }>;
  /** Lines for requests of an idle run beyond the resource's stated cost (core: the idle budget). */
  costs(result: RunResult): string[];
}

export interface Scenario {
  name: string;
  /** The upstream edit the scenario needs (cells of resources without it are skipped). */
  needs?: 'change' | 'remove' | 'change or remove';
  /** Needs another session on the database: a server (skipped on PGlite). */
  server?: boolean;
  /** A fault on the resource's paths during the cell's first sync (else that sync must succeed). */
  firstSyncFault?: CellFault;
  act(cell: Cell): Promise<string[]>;
}

/**
 * A full run after a removal: removing most of a scope's rows at once is suspicious, so the first pass that
 * leaves them out holds their deletion (partial) and the next pass answering the same proves it.
 */
async function fullAfterRemoval(cell: Cell, first?: RunResult): Promise<RunResult> {
  const result = first ?? (await cell.run('full'));
  const held = Object.values(result.resources).some((r) => (r.deletionsHeld ?? 0) > 0);
  return held ? cell.run('full') : result;
}

/** A fault on the resource's own paths during one full sync, then the invariants. */
const faulted =
  (fault: CellFault, paths: 'all' | 'last' = 'all') =>
  async (cell: Cell): Promise<string[]> => {
    cell.inject(fault, paths);
    const result = await cell.run('full');
    cell.clearFaults();
    return cell.judge(result);
  };

/**
 * The resource's own result under a lock held on its table: not `succeeded`, one line naming the lock
 * timeout, and the exit code of a run where one resource failed (3).
 */
function failedOnTheLock(cell: Cell, result: RunResult): string[] {
  const own = result.resources[cell.resource.name];
  const error = own?.error ?? result.error?.message ?? '';
  const lines: string[] = [];
  if (own?.status === 'succeeded' || own?.status === undefined)
    lines.push(`${cell.resource.name} ${own?.status ?? 'not run'} under a held lock`);
  if (!/lock timeout/.test(error) || error.includes('\n'))
    lines.push(`${cell.resource.name} did not fail with one line naming the lock timeout: ${error}`);
  const exit = syncExitCode([result], undefined);
  if (exit !== ExitCode.partial) lines.push(`exit ${exit}, not ${ExitCode.partial} (one resource failed)`);
  return lines;
}

/** How long a cell waits for a stop to end a run stalled on a lock before it releases the lock. */
const STOP_PATIENCE_MS = 10_000;

/** A full run converges once the lock is gone. */
async function convergesAfter(cell: Cell): Promise<string[]> {
  const after = await cell.run('full');
  return [...(await cell.exact(after)), ...(await cell.judge(after))];
}

/** The scenarios every registered resource runs, in order. */
export const SCENARIOS: readonly Scenario[] = [
  { name: 'first sync equals the simulator', act: (cell) => cell.judge(cell.first) },
  {
    name: 'unchanged re-run writes nothing and costs the stated requests',
    act: async (cell) => {
      const full = await cell.writesDuring(() => cell.run('full'));
      const idle = await cell.writesDuring(() => cell.run('incremental'));
      return [
        ...full.lines.map((line) => `full: ${line}`),
        ...idle.lines.map((line) => `incremental: ${line}`),
        ...cell.costs(idle.result),
        ...(await cell.judge(full.result)),
      ];
    },
  },
  {
    name: 'a change is picked up',
    needs: 'change',
    act: async (cell) => {
      cell.edits.change!();
      const result = await cell.run('incremental');
      return [...(await cell.exact(result)), ...(await cell.judge(result))];
    },
  },
  {
    name: 'a delete is marked on proof',
    needs: 'remove',
    act: async (cell) => {
      cell.edits.remove!();
      const first = await cell.run('full');
      const lines = await cell.judge(first);
      const result = await fullAfterRemoval(cell, first);
      return [...lines, ...(await cell.exact(result)), ...(await cell.judge(result))];
    },
  },
  { name: 'an empty answer', act: faulted({ kind: 'empty' }) },
  { name: 'a truncated answer', act: faulted({ kind: 'truncated' }) },
  { name: '403', act: faulted({ kind: 'status', status: 403 }) },
  { name: '404', act: faulted({ kind: 'status', status: 404 }) },
  {
    name: 'a 5xx burst past the retries, then a change after it',
    act: async (cell) => {
      const lines = await faulted({ kind: 'status', status: 503 }, 'last')(cell);
      cell.edits.change?.();
      const after = await cell.run('incremental');
      // Thread versions given up stay reported (partial, exit 3, status) until they change or a reconcile
      // reads them again: then everything must be there.
      const givenUp = (after.resources[cell.resource.name]?.givenUpIds?.length ?? 0) > 0;
      if (!givenUp) return [...lines, ...(await cell.exact(after)), ...(await cell.judge(after))];
      const judged = await cell.judge(after);
      const healed = await cell.run('reconcile');
      return [...lines, ...judged, ...(await cell.exact(healed)), ...(await cell.judge(healed))];
    },
  },
  {
    name: 'a short page below the requested limit, on the first sync',
    firstSyncFault: { kind: 'short-page', limit: 2 },
    act: (cell) => cell.judge(cell.first),
  },
  {
    name: 'a row deleted or updated between pages',
    needs: 'change or remove',
    act: async (cell) => {
      cell.inject({ kind: 'short-page', limit: 2 });
      cell.afterFirstPage(cell.edits.remove ?? cell.edits.change!);
      const during = await cell.run('full');
      cell.clearFaults();
      const lines = await cell.judge(during, { mirror: false });
      // A removal made after the pass read its scope is left out first by the next pass.
      const next = await fullAfterRemoval(cell);
      return [...lines, ...(await cell.exact(next)), ...(await cell.judge(next))];
    },
  },
  WEBHOOK_MODE_SCENARIO,
  {
    name: 'a second process at the same time',
    act: async (cell) => {
      cell.edits.change?.();
      const results = await cell.runTwice('full');
      const ran = results.filter((r) => r.status !== 'skipped');
      const lines = ran.length === 0 ? ['both processes skipped the account'] : [];
      return [...lines, ...(await cell.judge(results))];
    },
  },
  {
    name: 'a lock held on its table: the lock timeout fails it alone, a stop ends the wait',
    server: true,
    act: async (cell) => {
      cell.edits.change?.();
      let lock = await cell.lockTable();
      let timedOut: RunResult;
      let stopped: RunResult | undefined;
      let endedByStop = false;
      try {
        // This wait outlasts the cell: the run ends while the lock is held only if the stop ended it.
        const stop = new AbortController();
        const running = cell.run('full', { waits: 'long', signal: stop.signal }).then((r) => (stopped = r));
        await lock.untilWaitedOn(() => stopped !== undefined);
        stop.abort('SIGTERM');
        await Promise.race([running, sleep(STOP_PATIENCE_MS)]);
        endedByStop = stopped !== undefined;
        if (!endedByStop) {
          await lock.release();
          await running;
          lock = await cell.lockTable();
        }
        // Last, so that `status` (judged below, once the lock is gone) is this run's.
        timedOut = await cell.run('full', { waits: 'short' });
      } finally {
        await lock.release();
      }
      const lines = [...failedOnTheLock(cell, timedOut), ...(await cell.judge(timedOut, { mirror: false }))];
      const stop = [
        ...(endedByStop
          ? []
          : ['the stop did not end the wait: the run went on until the lock was released']),
        ...(stopped!.status === 'interrupted'
          ? []
          : [`the run ended ${stopped!.status}, not interrupted: ${stopped!.error?.message ?? ''}`]),
        ...(await cell.judge(stopped!, { mirror: false })),
      ];
      return [
        ...lines.map((line) => `lock timeout: ${line}`),
        ...stop.map((line) => `stop: ${line}`),
        ...(await convergesAfter(cell)),
      ];
    },
  },
];
