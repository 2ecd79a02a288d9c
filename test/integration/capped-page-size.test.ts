import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { updateAccount } from '../../src/db/accounts/accounts-repo.js';
import type { Simulator } from '../../src/simulator/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { servedObjects, storedObjects } from '../helpers/optional-resources.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';

/** Lists served without `count`: only the page length tells where they end. */
const UNCOUNTED = ['tasks', 'users', 'expenses', 'customFields', 'ownerStatements'];
const CAP = 50;

describe(`a server that caps limit at ${CAP} (below the 100 asked for)`, () => {
  let sim: Simulator;
  let t: TestDatabase;

  before(async () => {
    sim = await startSimulator({
      seed: 17,
      listings: 3,
      reservations: 140,
      maxLimit: CAP,
      resources: { expenses: 273, users: 120, ownerStatementsPerListing: 24 },
    });
    t = await createTestDatabase();
    await addSimulatedAccounts(t.db, sim);
    await updateAccount(t.db, sim.accounts[0]!.accountId, { resources: UNCOUNTED });
  });
  after(async () => {
    await sim.close();
    await t.drop();
  });

  it('lists without count are read to their end, not stopped at the first capped page', async () => {
    const account = sim.accounts[0]!;
    const result = await createTestEngine(t.db, createTestClient(sim.baseUrl)).run(account.accountId, 'full');
    assert.equal(result.status, 'succeeded', JSON.stringify(result.error));
    const longer: string[] = [];
    for (const resource of UNCOUNTED) {
      const path = resource === 'ownerStatements' ? '/ownerStatements' : undefined;
      const served = await servedObjects(sim, account, resource, { pageSize: CAP, path });
      if (served.size > CAP) longer.push(resource);
      const stored = await storedObjects(t.db, account.accountId, resource);
      assert.equal(stored.size, served.size, `${resource}: stored ${stored.size} of ${served.size}`);
    }
    for (const resource of ['expenses', 'users', 'ownerStatements'])
      assert.ok(longer.includes(resource), `${resource} is longer than one capped page`);
  });
});
