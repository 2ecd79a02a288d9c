import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ExitCode, isHostawaySyncError } from '../../src/errors.js';
import type { AccountApi, HostawayClient } from '../../src/hostaway/client.js';
import { interpretOutcome } from '../../src/hostaway/interpret-response.js';
import { paginateByAfterId, paginateByOffset } from '../../src/hostaway/paginate.js';
import type { Simulator } from '../../src/simulator/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { hostileAnswer } from '../helpers/fuzz-envelopes.js';
import { fuzzIterations, fuzzSeed, installCrashGuard, picker } from '../helpers/fuzz-harness.js';
import { createTestClient, firstAccount, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, createTestEngine, storedMirror } from '../helpers/sync.js';

const DOCUMENTED_EXIT = new Set<number>(Object.values(ExitCode));
/** Messages of JavaScript's own errors: none may reach a user or a run record. */
const LEAK =
  /Cannot read|Cannot convert|is not a function|is not iterable|is not defined|undefined|Maximum call stack|Invalid array length|Unexpected token|in JSON at/;
const PATHS = ['/listings', '/reservations', '/conversations'] as const;

const guard = installCrashGuard();
let sim: Simulator;
let t: TestDatabase;
let client: HostawayClient;
let api: AccountApi;
const real = new Map<string, string>();

before(async () => {
  sim = await startSimulator({ seed: 9, accounts: 1, listings: 4, reservations: 30 });
  t = await createTestDatabase();
  await addSimulatedAccounts(t.db, sim);
  client = createTestClient(sim.baseUrl, {
    http: { timeoutMs: 5_000, maxRetries: 1, retryBaseMs: 1, rateLimitBackoffMs: 1 },
  });
  api = client.forAccount(firstAccount(sim));
  for (const path of PATHS) real.set(path, JSON.stringify(await api.get(path, { limit: 100, offset: 0 })));
});
after(async () => {
  client.close();
  await sim.close();
  await t.drop();
  guard.dispose();
});

function inject(path: string, p: ReturnType<typeof picker>) {
  const answer = hostileAnswer(real.get(path)!, p);
  const { kind: _, ...served } = answer;
  sim.injectFaults({ ...served, kind: 'body', pathPrefix: `/v1${path}`, count: p.int(1, 3) });
  return answer;
}

describe('fuzz: Hostaway API responses', () => {
  it('interpretOutcome turns any exchange into a verdict with a typed error', () => {
    const { random } = fuzzSeed('interpret-response');
    const p = picker(random);
    const iterations = fuzzIterations(3_000, 1);
    for (let i = 0; i < iterations; i += 1) {
      const answer = hostileAnswer(real.get(p.pick(PATHS))!, p);
      const status = p.chance(0.7) ? answer.status : p.int(0, 999);
      const headers = {
        'retry-after': p.pick([
          undefined,
          '-1',
          'soon',
          '1e309',
          '99999999999',
          'Wed, 21 Oct 2015 07:28:00 GMT',
        ]),
      };
      const verdict = interpretOutcome(
        { kind: 'response', status, body: answer.body, headers },
        'GET /x',
        Date.now(),
      );
      if (verdict.kind === 'retry' || verdict.kind === 'fatal')
        assert.ok(isHostawaySyncError(verdict.error), answer.kind);
      if (verdict.kind === 'retry' && verdict.retryAfterMs !== undefined)
        assert.ok(
          Number.isFinite(verdict.retryAfterMs) && verdict.retryAfterMs >= 0,
          `${headers['retry-after']}`,
        );
      if (verdict.kind !== 'ok') continue;
      assert.ok(verdict.body !== undefined);
    }
  });

  it('the paginators over HTTP end or throw a typed error, never a TypeError', async () => {
    const { random } = fuzzSeed('paginators');
    const p = picker(random);
    const iterations = fuzzIterations(120, 0.1);
    for (let i = 0; i < iterations; i += 1) {
      sim.clearFaults();
      const path = p.pick(PATHS);
      const answer = inject(path, p);
      const pages =
        path === '/reservations' ? paginateByAfterId<{ id: number }>(api, path) : paginateByOffset(api, path);
      let count = 0;
      try {
        for await (const page of pages) {
          count += 1;
          assert.ok(count < 100, `${answer.kind}: the paginator does not stop`);
          for (const item of page.items) assert.equal(typeof item, 'object', answer.kind);
        }
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
        assert.ok(isHostawaySyncError(error), `${answer.kind}: ${String(error)}`);
        assert.doesNotMatch((error as Error).message, LEAK, answer.kind);
      }
    }
    sim.clearFaults();
  });

  it('a sync run fails cleanly and leaves the stored data untouched', async () => {
    const account = firstAccount(sim).accountId;
    const engine = createTestEngine(t.db, client);
    assert.equal((await engine.runFull(account)).status, 'succeeded');
    const before = JSON.stringify(await storedMirror(t.db, account));
    const { random } = fuzzSeed('sync runs');
    const p = picker(random);
    const runs = fuzzIterations(25, 0.02);
    const statuses = new Map<string, number>();
    for (let i = 0; i < runs; i += 1) {
      sim.clearFaults();
      const answer = inject(p.pick(PATHS), p);
      const result = await engine.runFull(account);
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
      const errors = [result.error?.message, ...Object.values(result.resources).map((r) => r?.error)];
      for (const message of errors.filter((m) => m !== undefined)) {
        assert.doesNotMatch(message!, /\n/, `${answer.kind}: one line`);
        assert.doesNotMatch(message!, LEAK, `${answer.kind}: ${message}`);
      }
      if (result.error) assert.ok(DOCUMENTED_EXIT.has(result.error.exitCode), String(result.error.exitCode));
      assert.equal(
        JSON.stringify(await storedMirror(t.db, account)),
        before,
        `${answer.kind} changed stored data`,
      );
    }
    console.log(`${runs} sync runs: ${JSON.stringify(Object.fromEntries(statuses))}`);
    sim.clearFaults();
    guard.check();
  });
});
