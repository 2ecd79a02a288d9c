import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deleteAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Simulator } from '../../src/simulator/index.js';
import { createCell, type CellDeps } from '../helpers/conformance-cell.js';
import { upstreamEdits } from '../helpers/conformance-edits.js';
import { matrixResources } from '../helpers/conformance-resources.js';
import { SCENARIOS, type Scenario } from '../helpers/conformance-scenarios.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';

/**
 * Every scenario against every registered resource (core and optional), each cell on an account of its
 * own that syncs only that resource besides the core ones. A resource added to a registry joins here.
 */
const RESOURCES = matrixResources();

const WHOLE_LISTS = ['coupons', 'userGroups', 'cancellationPolicies', 'messageTemplates'];
const REFERENCE_LISTS = ['amenities', 'bedTypes', 'propertyTypes', 'countries', 'currencies', 'timezones'];
const OPTIONAL_LISTS = ['reviews', 'tasks', 'expenses', 'guestCharges', 'customFields', 'users'];
const FAN_OUT = ['calendar', 'financeFields', 'listingFeeSettings', 'ownerStatements'];
const PARTIAL_HEALTHY = 'a partial run exits 3 while `status` calls the account healthy';

/** Cells that break an invariant on this code: the cause, by scenario, for the resources it hits. */
const KNOWN_FAILURES: readonly { scenario: string; reason: string; resources: readonly string[] }[] = [
  {
    scenario: 'unchanged re-run writes nothing and costs the stated requests',
    reason: 'every unchanged full sync rewrites every thread row (it moves verified_at)',
    resources: ['threads'],
  },
  {
    scenario: 'an empty answer',
    reason: 'one empty answer marks every stored row of a whole or per-parent list deleted, as a success',
    resources: [...WHOLE_LISTS, ...REFERENCE_LISTS, 'financeFields', 'listingFeeSettings'],
  },
  {
    scenario: 'a truncated answer',
    reason: `a cut answer of a core list stops the account's later resources; ${PARTIAL_HEALTHY}`,
    resources: ['listings', 'reservations'],
  },
  {
    scenario: 'a truncated answer',
    reason: PARTIAL_HEALTHY,
    resources: [...OPTIONAL_LISTS, ...WHOLE_LISTS, ...REFERENCE_LISTS, ...FAN_OUT],
  },
  {
    scenario: '403',
    reason: 'a 403 on an optional endpoint is taken as rejected credentials: the account fails (exit 77)',
    resources: [...OPTIONAL_LISTS, ...WHOLE_LISTS, ...REFERENCE_LISTS, ...FAN_OUT],
  },
  {
    scenario: '404',
    reason: `a 404 on a list endpoint makes every run partial; ${PARTIAL_HEALTHY}`,
    resources: [
      'listings',
      'reservations',
      'threads',
      ...OPTIONAL_LISTS,
      ...WHOLE_LISTS,
      ...REFERENCE_LISTS,
      'ownerStatements',
    ],
  },
  {
    scenario: 'a 5xx burst past the retries, then a change after it',
    reason: `a 5xx past the retries on a core list stops the account's later resources; ${PARTIAL_HEALTHY}`,
    resources: ['listings', 'reservations'],
  },
  {
    scenario: 'a 5xx burst past the retries, then a change after it',
    reason: `a thread given up after its messages failed is not read again when it changes; ${PARTIAL_HEALTHY}`,
    resources: ['threads'],
  },
  {
    scenario: 'a 5xx burst past the retries, then a change after it',
    reason: PARTIAL_HEALTHY,
    resources: [...OPTIONAL_LISTS, ...WHOLE_LISTS, ...REFERENCE_LISTS, ...FAN_OUT],
  },
  {
    scenario: 'a short page below the requested limit, on the first sync',
    reason: 'a list without `count` stops at the first page shorter than asked and reports success',
    resources: ['tasks', 'expenses', 'customFields', 'users', 'ownerStatements'],
  },
];

function knownFailure(resource: string, scenario: string): string | undefined {
  const known = KNOWN_FAILURES.find((k) => k.scenario === scenario && k.resources.includes(resource));
  return known?.reason;
}

function skipReason(scenario: Scenario, edits: { change?: unknown; remove?: unknown }, name: string) {
  const missing =
    (scenario.needs === 'change' && !edits.change) ||
    (scenario.needs === 'remove' && !edits.remove) ||
    (scenario.needs === 'change or remove' && !edits.change && !edits.remove);
  return missing ? `the simulator cannot ${scenario.needs} ${name} upstream` : undefined;
}

describe('conformance matrix: every scenario against every registered resource', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let deps: CellDeps;
  let next = 0;

  before(async () => {
    sim = await startSimulator({
      seed: 17,
      accounts: RESOURCES.length * SCENARIOS.length,
      listings: 3,
      reservations: 5,
      resources: {
        expenses: 5,
        users: 3,
        ownerStatementsPerListing: 1,
        attachmentEvery: 3,
        largeAttachmentBytes: 0,
      },
    });
    t = await createTestDatabase();
    deps = {
      db: t.db,
      sim,
      clients: [createTestClient(sim.baseUrl), createTestClient(sim.baseUrl)],
      resources: RESOURCES,
    };
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  it('covers every registered resource', () => {
    assert.equal(RESOURCES.length, new Set(RESOURCES.map((r) => r.name)).size);
    assert.ok(RESOURCES.length >= 24);
  });

  for (const resource of RESOURCES) {
    describe(resource.name, () => {
      for (const scenario of SCENARIOS) {
        const key = `${resource.name} / ${scenario.name}`;
        const todo = knownFailure(resource.name, scenario.name);
        it(scenario.name, todo === undefined ? {} : { todo }, async (context) => {
          const account = sim.accounts[next++]!;
          const edits = upstreamEdits(sim, account.accountId, resource);
          const skip = skipReason(scenario, edits, resource.name);
          if (skip !== undefined) return context.skip(skip);
          try {
            const cell = await createCell(deps, account, resource, edits, scenario.firstSyncFault);
            if (scenario.firstSyncFault === undefined)
              assert.equal(cell.first.status, 'succeeded', `first sync: ${JSON.stringify(cell.first.error)}`);
            const broken = await scenario.act(cell);
            assert.deepEqual(broken, [], `${key}:\n  ${broken.join('\n  ')}`);
          } finally {
            // A small database keeps every account-wide read (status, due accounts) cheap.
            await deleteAccount(t.db, account.accountId);
          }
        });
      }
    });
  }
});
