import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { syncExitCode } from '../../src/cli/sync-exit-code.js';
import { ExitCode } from '../../src/errors.js';
import type { HostawayClient } from '../../src/hostaway/client.js';
import type { FaultSpec, Simulator } from '../../src/simulator/index.js';
import type { SyncEngine } from '../../src/sync/engine.js';
import type { RunResult, SyncMode } from '../../src/sync/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, firstAccount, startSimulator } from '../helpers/hostaway.js';
import { compareWithSimulator, findBrokenRows, findWronglyDeleted } from '../helpers/mirror-compare.js';
import { chooseSeed, createRandom } from '../helpers/prng.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';
import { churnUpstream } from '../helpers/upstream-churn.js';

/** RELIABILITY_ITERATIONS=40 npm run soak runs longer; CI runs a few (one faulty run and one clean run each). */
const ITERATIONS = Number(process.env.RELIABILITY_ITERATIONS ?? 4);

/** A short request timeout and a small retry budget, so storms outlast it and slow answers time out. */
const HTTP = { timeoutMs: 250, maxRetries: 3, retryBaseMs: 5, rateLimitBackoffMs: 15 };
/** Attempts one request gets before its error surfaces. */
const ATTEMPTS = HTTP.maxRetries + 1;
/** Where queued faults land: one resource's endpoints, message threads only (`/v1/conversations/`), or any request. */
const PREFIXES = ['/v1/listings', '/v1/reservations', '/v1/conversations', '/v1/conversations/', '/v1/'];

const KINDS = [
  '429-storm',
  '5xx-burst',
  'timeout',
  'reset',
  'truncated',
  'bad-body',
  'token-revoked',
  'pages-shifting',
] as const;
type Kind = (typeof KINDS)[number];

/** The typed errors a run may end with, and the exit code each maps to (README "Exit codes"). */
const DOCUMENTED_ERRORS: Record<string, number> = {
  RATE_LIMITED: ExitCode.temporary,
  UNAVAILABLE: ExitCode.unavailable,
  HOSTAWAY_API: ExitCode.unavailable,
  AUTH_REJECTED: ExitCode.authRejected,
  PARTIAL: ExitCode.partial,
  FAILED: ExitCode.partial,
};

describe('Hostaway fault storms during syncs', () => {
  const seed = chooseSeed();
  const random = createRandom(seed);
  /** Changes made while a run pages: their own generator, so the plan replays whatever the timing. */
  const shiftRandom = createRandom(seed ^ 0x5bd1e995);
  let sim: Simulator;
  let database: TestDatabase;
  let client: HostawayClient;
  let engine: SyncEngine;
  let accountId: number;
  /** Faulty answers the simulator actually served, by its fault kind (from its request log). */
  const served = new Map<string, number>();
  /** Actions to take after the n-th page a run has read (1-based), i.e. between its pages. */
  let onPage: ((page: number) => void) | undefined;
  let pagesRead = 0;

  before(async () => {
    sim = await startSimulator({
      seed: seed % 1000,
      listings: 8,
      reservations: 240,
      logRequests: (line) => {
        const kind = /\(fault (\S+)\)$/.exec(line)?.[1];
        if (kind !== undefined) served.set(kind, (served.get(kind) ?? 0) + 1);
      },
    });
    accountId = firstAccount(sim).accountId;
    database = await createTestDatabase();
    await addSimulatedAccounts(database.db, sim);
    client = createTestClient(sim.baseUrl, { http: HTTP });
    engine = createTestEngine(database.db, client, {
      onEvent: (event) => {
        if (event.type === 'resource.page') onPage?.((pagesRead += 1));
      },
    });
    const first = await engine.runFull(accountId);
    assert.equal(first.status, 'succeeded', first.error?.message);
  });
  after(async () => {
    client?.close();
    await sim?.close();
    await database?.drop();
  });

  it(`every faulty run ends in a documented outcome and a clean full run converges (${ITERATIONS} iterations, seed ${seed}; replay with RELIABILITY_SEED=${seed})`, async (t) => {
    t.diagnostic(`seed ${seed}`);
    const injected = new Map<Kind, number>(KINDS.map((k) => [k, 0]));
    const outcomes = new Map<string, number>();
    /** Faulty answers queued, by the simulator's fault kind. */
    const queued = new Map<string, number>();
    let compared = 0;
    let lost = 0;
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

    for (let i = 0; i < ITERATIONS; i += 1) {
      churnUpstream(sim, accountId, random);
      const mode: SyncMode = random() < 0.5 ? 'full' : 'incremental';
      // A full run reads about 7 list pages (240 reservations and conversations), an incremental one 3.
      const lastPage = mode === 'full' ? 6 : 3;
      const kinds = KINDS.filter(() => random() < 0.5);
      while (kinds.length < 3) {
        const extra = pick(KINDS);
        if (!kinds.includes(extra)) kinds.push(extra);
      }
      const timers: NodeJS.Timeout[] = [];
      const atPage = new Map<number, (() => void)[]>();
      const later = (page: number, action: () => void) =>
        atPage.set(page, [...(atPage.get(page) ?? []), action]);
      let shifting = false;
      /** Queued before the run starts, or after one of its pages (so faults do not all stack up at once). */
      const queue = (fault: FaultSpec, page = random() < 0.3 ? 0 : between(1, lastPage)) => {
        queued.set(fault.kind, (queued.get(fault.kind) ?? 0) + (fault.count ?? 1));
        if (page === 0) sim.injectFaults(fault);
        else later(page, () => sim.injectFaults(fault));
      };
      for (const kind of kinds) {
        injected.set(kind, injected.get(kind)! + 1);
        for (let copies = between(1, 2); copies > 0; copies -= 1) plan(kind, pick(PREFIXES));
      }
      function plan(kind: Kind, pathPrefix: string) {
        switch (kind) {
          case '429-storm':
            // Longer than the retry budget; threads are fetched 4 at a time, so a storm on them is longer.
            queue({
              kind: '429',
              count: ATTEMPTS * (pathPrefix === '/v1/conversations/' ? 8 : 1) + between(0, 4),
              pathPrefix,
            });
            break;
          case '5xx-burst':
            queue({
              kind: pick(['500', '502', '503'] as const),
              count: between(1, ATTEMPTS + 1),
              pathPrefix,
            });
            break;
          case 'timeout':
            queue({ kind: 'slow', delayMs: HTTP.timeoutMs * 2, count: between(1, 2), pathPrefix });
            break;
          case 'reset':
            queue({ kind: 'reset', count: between(1, 3), pathPrefix });
            break;
          case 'truncated':
            queue({ kind: 'truncated', count: between(1, 3), pathPrefix });
            break;
          case 'bad-body': {
            const variant = between(0, 2);
            queue(
              variant === 0
                ? { kind: 'non-json', count: between(1, 2), pathPrefix }
                : {
                    kind: 'body',
                    // Cut-off JSON, or a well-formed refusal (not retried: that request's resource fails).
                    body:
                      variant === 1
                        ? '{"status":"success","result":[{"id":'
                        : '{"status":"fail","message":"Service temporarily unavailable"}',
                    count: 1,
                    pathPrefix,
                  },
            );
            break;
          }
          case 'token-revoked':
            later(between(1, lastPage), () => sim.revokeAllTokens());
            break;
          case 'pages-shifting': {
            // Upstream changes between pages, and while slow (not timed-out) list pages are being answered.
            shifting = true;
            const list = pick(['/v1/reservations', '/v1/conversations']);
            queue({ kind: 'slow', delayMs: 60, count: 3, pathPrefix: list }, 0);
            let ticks = 0;
            const interval = setInterval(() => {
              churnUpstream(sim, accountId, shiftRandom);
              if ((ticks += 1) >= 12) clearInterval(interval);
            }, 40);
            timers.push(interval);
            break;
          }
        }
      }
      pagesRead = 0;
      onPage = (page) => {
        if (shifting) churnUpstream(sim, accountId, shiftRandom);
        for (const action of atPage.get(page) ?? []) action();
      };
      const [result] = await engine.runMany([accountId], mode);
      onPage = undefined;
      for (const timer of timers) clearTimeout(timer);
      sim.clearFaults();
      assert.ok(result, 'the run returned a result');
      const label = `iteration ${i} (${mode}; ${kinds.join(', ')})`;
      outcomes.set(outcomeOf(result), (outcomes.get(outcomeOf(result)) ?? 0) + 1);
      t.diagnostic(
        `${label}: ${result.status}${result.error ? ` ${result.error.code}: ${result.error.message}` : ''}`,
      );
      assertDocumentedOutcome(result, label);
      await assertRunRecorded(result, label);
      assert.deepEqual(await findBrokenRows(database.db, accountId), [], `${label}: rows not whole`);
      assert.deepEqual(
        await findWronglyDeleted(database.db, sim, accountId),
        [],
        `${label}: a row that exists upstream was marked deleted`,
      );
      for (const [name, resource] of Object.entries(result.resources))
        assert.equal(
          resource.deleted,
          0,
          `${label}: ${name} marked rows deleted though none were deleted upstream`,
        );

      const clean = await engine.runFull(accountId);
      assert.equal(clean.status, 'succeeded', `${label}: clean full run: ${clean.error?.message ?? ''}`);
      const comparison = await compareWithSimulator(database.db, sim, accountId);
      compared += comparison.compared;
      lost += comparison.differences.length;
      assert.deepEqual(comparison.differences, [], `${label}: the mirror differs after a clean full run`);
    }

    const list = (map: Map<string, number>) => [...map].map(([k, n]) => `${k} ${n}`).join(', ');
    t.diagnostic(`iterations ${ITERATIONS}`);
    t.diagnostic(`faults injected by kind (iterations with it): ${list(injected)}`);
    const sorted = (map: Map<string, number>) => new Map([...map].sort());
    t.diagnostic(`faulty answers queued: ${list(sorted(queued))}`);
    t.diagnostic(`faulty answers served (the rest were never reached): ${list(sorted(served))}`);
    t.diagnostic(`faulty runs by outcome: ${list(outcomes)}`);
    t.diagnostic(`client retries ${client.stats.retries}, token mints ${client.stats.tokenMints}`);
    t.diagnostic(`objects compared ${compared}, lost ${lost}`);
  });

  function outcomeOf(result: RunResult): string {
    return result.status === 'succeeded' ? 'succeeded' : `${result.status} (${result.error?.code ?? '?'})`;
  }

  /** succeeded (exit 0), partial (exit 3), or failed with a typed error and the exit code it maps to. */
  function assertDocumentedOutcome(result: RunResult, label: string) {
    const expected =
      result.status === 'succeeded'
        ? ExitCode.ok
        : result.status === 'partial'
          ? ExitCode.partial
          : (DOCUMENTED_ERRORS[result.error?.code ?? ''] ?? -1);
    assert.ok(
      ['succeeded', 'partial', 'failed'].includes(result.status),
      `${label}: status ${result.status}`,
    );
    if (result.status === 'succeeded') assert.equal(result.error, undefined, `${label}: error on success`);
    else {
      assert.ok(result.error, `${label}: a ${result.status} run carries its error`);
      assert.ok(result.error.code in DOCUMENTED_ERRORS, `${label}: undocumented error ${result.error.code}`);
      if (result.status === 'partial') assert.equal(result.error.code, 'PARTIAL', label);
      assert.equal(result.error.exitCode, DOCUMENTED_ERRORS[result.error.code], `${label}: exit code`);
    }
    assert.equal(syncExitCode([result], undefined), expected, `${label}: the CLI's exit code`);
  }

  /** The run's record says what the result says, and no run is left `running`. */
  async function assertRunRecorded(result: RunResult, label: string) {
    const { rows } = await database.db.query<{ id: number; status: string; error: string | null }>(
      'SELECT id, status, error FROM hostaway.sync_runs WHERE account_id = $1 ORDER BY id',
      [accountId],
    );
    assert.deepEqual(
      rows.filter((r) => r.status === 'running').map((r) => Number(r.id)),
      [],
      `${label}: runs left running`,
    );
    const row = rows.find((r) => Number(r.id) === result.runId);
    assert.ok(row, `${label}: run ${String(result.runId)} recorded`);
    assert.equal(row.status, result.status, label);
    assert.equal(row.error, result.error?.message ?? null, label);
  }
});
