import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dispatch } from '../helpers/cli-wiring.js';
import { CommanderError } from 'commander';

const table: [string, unknown[]][] = [
  ['migrate', ['migrate', {}]],
  ['migrate --json', ['migrate', { json: true }]],
  [
    'accounts add --account-id 12345 --client-secret-stdin --customer-id 6f1c9a52-0d3e-4f43-9a57-1b2c3d4e5f60',
    [
      'accountsAdd',
      {
        accountId: 12345,
        clientSecretStdin: true,
        customerId: '6f1c9a52-0d3e-4f43-9a57-1b2c3d4e5f60',
        verify: true,
      },
    ],
  ],
  ['accounts add --no-verify', ['accountsAdd', { verify: false }]],
  ['accounts list --json', ['accountsList', { json: true }]],
  ['accounts remove 12345', ['accountsRemove', 12345, {}]],
  ['accounts remove 12345 --hard --yes', ['accountsRemove', 12345, { hard: true, yes: true }]],
  ['accounts update 7 --deactivate', ['accountsUpdate', 7, { verify: true, deactivate: true }]],
  ['accounts add --allow-plaintext-secrets', ['accountsAdd', { allowPlaintextSecrets: true, verify: true }]],
  [
    'accounts update 7 --client-secret-stdin --allow-plaintext-secrets',
    ['accountsUpdate', 7, { clientSecretStdin: true, allowPlaintextSecrets: true, verify: true }],
  ],
  ['accounts rotate-key', ['accountsRotateKey', {}]],
  ['accounts rotate-key --json', ['accountsRotateKey', { json: true }]],
  ['sync full --account 1 --account 2', ['syncFull', { account: [1, 2] }]],
  ['sync incremental --all --json', ['syncIncremental', { all: true, json: true }]],
  [
    'simulate --port 0 --seed 3 --accounts 2 --no-rate-limit',
    [
      'simulate',
      { port: 0, host: '127.0.0.1', seed: 3, accounts: 2, listings: 10, reservations: 100, rateLimit: false },
    ],
  ],
];

describe('CLI wiring: argv → command arguments', () => {
  for (const [argv, expected] of table) {
    it(argv, async () => {
      assert.deepEqual(await dispatch(argv.split(' ')), expected);
    });
  }

  for (const argv of [
    'sync full --account abc',
    'sync full --all --account 1',
    'accounts remove x',
    'accounts update 7 --activate --deactivate',
    'simulate --port 70000',
    'nonsense',
  ]) {
    it(`rejects "${argv}" as a usage error`, async () => {
      await assert.rejects(dispatch(argv.split(' ')), (error: unknown) => {
        assert.ok(error instanceof CommanderError, String(error));
        assert.notEqual(error.exitCode, 0);
        return true;
      });
    });
  }
});
