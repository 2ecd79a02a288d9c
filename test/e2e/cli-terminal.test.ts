import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Simulator } from '../../src/simulator/index.js';
import {
  addFirstAccountWithCli,
  createCliEnvironment,
  type CliEnvironment,
} from '../helpers/cli-environment.js';
import { startSimulator } from '../helpers/hostaway.js';
import { HAS_SCRIPT, runOnTerminal } from '../helpers/terminal.js';

const CTRL_C = '\u0003';

describe('the built CLI on a terminal', { skip: !HAS_SCRIPT && 'needs script(1) from util-linux' }, () => {
  let sim: Simulator;
  let cli: CliEnvironment;
  let accountId: number;

  before(async () => {
    sim = await startSimulator({ seed: 8, accounts: 1, listings: 1, reservations: 2 });
    cli = await createCliEnvironment(sim);
    accountId = await addFirstAccountWithCli(sim, cli.env);
  });
  after(async () => {
    await sim.close();
    await cli.cleanup();
  });

  for (const [name, args, prompt] of [
    ['accounts add', ['accounts', 'add'], /Hostaway account id/],
    [
      'the accounts remove --hard confirmation',
      () => ['accounts', 'remove', String(accountId), '--hard'],
      /\?/,
    ],
  ] as const) {
    it(`Ctrl-C at ${name} ends quietly with 130`, async () => {
      const argv = typeof args === 'function' ? args() : [...args];
      const { code, screen } = await runOnTerminal(argv, { env: cli.env, waitFor: prompt, keys: CTRL_C });
      assert.equal(code, 130, screen);
      assert.doesNotMatch(screen, /error|bug/i);
    });
  }
});
