import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { createCliEnvironment, type CliEnvironment } from '../helpers/cli-environment.js';
import { startSimulator } from '../helpers/hostaway.js';

const CUSTOMER = '0d6f5bb4-8b43-4d55-a5a8-5e0e4f2f6f11';

describe('accounts add|update --resources default', () => {
  let sim: Simulator;
  let cli: CliEnvironment;
  const add = (accountId: number, ...extra: string[]) =>
    runCli(
      [
        'accounts',
        'add',
        '--account-id',
        String(accountId),
        '--customer-id',
        CUSTOMER,
        '--no-verify',
        ...extra,
      ],
      { env: cli.env, stdin: 'secret' },
    ).then((r) => ({ ...r, args: extra }));
  const storedResources = (accountId: number) =>
    cli.withDb(async (db) => {
      const { rows } = await db.query<{ resources: string[] | null }>(
        'SELECT resources FROM hostaway.accounts WHERE account_id = $1',
        [accountId],
      );
      return rows.length === 0 ? 'absent' : rows[0]!.resources;
    });

  before(async () => {
    sim = await startSimulator({ seed: 3, listings: 1, reservations: 1 });
    cli = await createCliEnvironment(sim);
    assert.equal((await runCli(['migrate'], { env: cli.env })).code, 0);
  });
  after(async () => {
    await sim.close();
    await cli.cleanup();
  });

  it('add and update accept default (the default set, stored as null)', async () => {
    const added = await add(501, '--client-secret-stdin', '--resources', 'default');
    assert.equal(added.code, 0, added.stderr);
    assert.equal(await storedResources(501), null);
    const narrowed = await runCli(['accounts', 'update', '501', '--resources', 'reviews'], { env: cli.env });
    assert.equal(narrowed.code, 0, narrowed.stderr);
    assert.deepEqual(await storedResources(501), ['reviews']);
    const back = await runCli(['accounts', 'update', '501', '--resources', 'default', '--json'], {
      env: cli.env,
    });
    assert.equal(back.code, 0, back.stderr);
    assert.deepEqual(JSON.parse(back.stdout), { accountId: 501, updated: ['resources default'] });
    assert.equal(await storedResources(501), null);
  });

  it('add stores nothing when a write after the account row fails', async () => {
    await cli.withDb(async (db) => {
      await db.query(`CREATE FUNCTION hostaway.refuse_update() RETURNS trigger LANGUAGE plpgsql AS
                        $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
      await db.query(`CREATE TRIGGER refuse_update BEFORE UPDATE ON hostaway.accounts
                        FOR EACH ROW EXECUTE FUNCTION hostaway.refuse_update()`);
    });
    try {
      const failed = await add(502, '--client-secret-stdin', '--resources', 'reviews');
      assert.notEqual(failed.code, 0);
      assert.equal(await storedResources(502), 'absent');
    } finally {
      await cli.withDb(async (db) => {
        await db.query('DROP TRIGGER refuse_update ON hostaway.accounts');
        await db.query('DROP FUNCTION hostaway.refuse_update()');
      });
    }
  });
});
