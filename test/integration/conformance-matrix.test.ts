import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deleteAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Simulator } from '../../src/simulator/index.js';
import { createCell, type CellDeps } from '../helpers/conformance-cell.js';
import { upstreamEdits } from '../helpers/conformance-edits.js';
import { matrixResources } from '../helpers/conformance-resources.js';
import { SCENARIOS, type Scenario } from '../helpers/conformance-scenarios.js';
import { closeStallDatabase, openStallDatabase } from '../helpers/conformance-stall.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';

/**
 * Every scenario against every registered resource (core and optional), each cell on an account of its
 * own that syncs only that resource besides the core ones. A resource added to a registry joins here.
 */
const RESOURCES = matrixResources();

function skipReason(
  scenario: Scenario,
  edits: { change?: unknown; remove?: unknown },
  name: string,
  server: boolean,
) {
  if (scenario.server && !server)
    return 'a lock held by another session needs a server database (PGlite has one connection)';
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
      ...(t.url === undefined ? {} : { stall: await openStallDatabase(t.url) }),
    };
  });
  after(async () => {
    await closeStallDatabase(deps.stall);
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
        it(scenario.name, async (context) => {
          const account = sim.accounts[next++]!;
          const edits = upstreamEdits(sim, account.accountId, resource);
          const skip = skipReason(scenario, edits, resource.name, deps.stall !== undefined);
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
