import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { run as runAccountsAdd } from '../../src/cli/commands/accounts-add.js';
import { run as runAccountsRemove } from '../../src/cli/commands/accounts-remove.js';
import { checkSyncOptions, selectAccounts } from '../../src/cli/support/select-accounts.js';
import { getAccount, insertAccount } from '../../src/db/accounts/accounts-repo.js';
import { AuthError, ConfigError, ExitCode, UsageError } from '../../src/errors.js';
import type { Simulator } from '../../src/simulator/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startSimulator } from '../helpers/hostaway.js';
import { createTestIo, createTestRuntime, type ScriptedAnswer } from '../helpers/runtime.js';

const CUSTOMER = '6f1c9a52-0d3e-4f43-9a57-1b2c3d4e5f60';

/** Prompt flows through injected prompt functions (Io.prompts), and the refusal to prompt without a terminal. */
describe('prompt flows', () => {
  let test: TestDatabase;
  let sim: Simulator;
  let env: Record<string, string>;

  before(async () => {
    test = await createTestDatabase();
    sim = await startSimulator({ seed: 3, accounts: 3, listings: 1, reservations: 1 });
    env = { HOSTAWAY_API_BASE_URL: sim.baseUrl };
  });
  after(async () => {
    await sim.close();
    await test.drop();
  });
  beforeEach(async () => {
    await test.db.query('DELETE FROM hostaway.accounts');
  });

  const run = async <T>(
    answers: ScriptedAnswer[],
    interactive: boolean,
    fn: (rt: ReturnType<typeof createTestRuntime>) => Promise<T>,
  ) => {
    const io = createTestIo({ interactive, answers, env });
    const runtime = createTestRuntime(test.db, io);
    try {
      return { io, result: await fn(runtime) };
    } finally {
      await runtime.close();
    }
  };

  it('accounts add asks for each missing value, masks the secret, validates, verifies, saves', async () => {
    const { accountId, clientSecret } = sim.accounts[0]!;
    const { io, result } = await run(
      [
        { kind: 'input', message: /account id/i, answer: String(accountId), refuses: ['abc', '0', ''] },
        { kind: 'input', message: /customer id/i, answer: CUSTOMER, refuses: ['not-a-uuid'] },
        { kind: 'password', message: /client secret/i, answer: clientSecret, refuses: ['', '   '] },
      ],
      true,
      // as on a terminal: the friendly line instead of a log record
      (rt) => runAccountsAdd({ ...rt, human: true }, { verify: true }),
    );
    assert.equal(result, 0);
    assert.deepEqual(io.pending(), []);
    const saved = await getAccount(test.db, accountId);
    assert.equal(saved?.customerId, CUSTOMER);
    assert.ok(saved?.accessToken, 'the token minted while verifying is stored');
    assert.match(io.err(), /added account \d+ \(credentials verified, secret encrypted\)/);
    assert.ok(!io.err().includes(clientSecret));
  });

  it('accounts add with a rejected secret saves nothing (exit 77)', async () => {
    const { accountId } = sim.accounts[1]!;
    await assert.rejects(
      run(
        [
          { kind: 'input', message: /account id/i, answer: String(accountId) },
          { kind: 'input', message: /customer id/i, answer: CUSTOMER },
          { kind: 'password', message: /client secret/i, answer: 'wrong-secret' },
        ],
        true,
        (rt) => runAccountsAdd(rt, { verify: true }),
      ),
      (error: unknown) => error instanceof AuthError && error.exitCode === ExitCode.authRejected,
    );
    assert.equal(await getAccount(test.db, accountId), null);
  });

  it('accounts add without a terminal refuses to prompt: exit 78, hint names the flag', async () => {
    await assert.rejects(
      run([], false, (rt) => runAccountsAdd(rt, { verify: true })),
      (error: unknown) =>
        error instanceof ConfigError && error.exitCode === 78 && /--account-id/.test(error.hint ?? ''),
    );
    await assert.rejects(
      run([], false, (rt) => runAccountsAdd(rt, { verify: true, accountId: 1, customerId: CUSTOMER })),
      (error: unknown) => error instanceof ConfigError && /--client-secret-stdin/.test(error.hint ?? ''),
    );
  });

  it('accounts remove --hard asks first; "no" deletes nothing, "yes" deletes', async () => {
    const { accountId, clientSecret } = sim.accounts[0]!;
    await insertAccount(test.db, { accountId, customerId: CUSTOMER, clientSecret });
    const no = await run(
      [{ kind: 'confirm', message: new RegExp(`Delete account ${accountId}`), answer: false }],
      true,
      (rt) => runAccountsRemove(rt, accountId, { hard: true }),
    );
    assert.equal(no.result, 0);
    assert.match(no.io.err(), /nothing deleted/);
    assert.ok(await getAccount(test.db, accountId));
    await run([{ kind: 'confirm', message: /ALL its listings/, answer: true }], true, (rt) =>
      runAccountsRemove(rt, accountId, { hard: true }),
    );
    assert.equal(await getAccount(test.db, accountId), null);
  });

  it('accounts remove --hard without a terminal needs --yes (exit 78)', async () => {
    const { accountId, clientSecret } = sim.accounts[0]!;
    await insertAccount(test.db, { accountId, customerId: CUSTOMER, clientSecret });
    await assert.rejects(
      run([], false, (rt) => runAccountsRemove(rt, accountId, { hard: true })),
      (error: unknown) => error instanceof ConfigError && /--yes/.test(error.hint ?? ''),
    );
    assert.ok(await getAccount(test.db, accountId));
  });

  it('sync without --account lets a person choose among several accounts', async () => {
    for (const { accountId, clientSecret } of sim.accounts) {
      await insertAccount(test.db, { accountId, customerId: CUSTOMER, clientSecret });
    }
    const second = sim.accounts[1]!.accountId;
    const picked = await run([{ kind: 'select', message: /Which account/, answer: second }], true, (rt) =>
      selectAccounts(rt, test.db, {}),
    );
    assert.deepEqual(picked.result, [second]);
    assert.match(picked.io.asked[0]!, /all active accounts \| 10001/);
    const all = await run([{ kind: 'select', message: /Which account/, answer: 'all' }], true, (rt) =>
      selectAccounts(rt, test.db, {}),
    );
    assert.deepEqual(
      all.result,
      sim.accounts.map((a) => a.accountId),
    );
  });

  it('sync with a single account takes it without asking; without a terminal it needs a flag', async () => {
    const { accountId, clientSecret } = sim.accounts[0]!;
    await insertAccount(test.db, { accountId, customerId: CUSTOMER, clientSecret });
    const only = await run([], true, (rt) => selectAccounts(rt, test.db, {}));
    assert.deepEqual(only.result, [accountId]);
    assert.throws(
      () => checkSyncOptions('full', {}, false),
      (error: unknown) =>
        error instanceof UsageError &&
        error.exitCode === 2 &&
        /--account <id> or --all/.test(error.hint ?? ''),
    );
  });
});
