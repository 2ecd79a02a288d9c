import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dispatch } from '../helpers/cli-wiring.js';
import { CommanderError } from 'commander';
import { parseSince } from '../../src/cli/support/options.js';

const URL = 'https://hooks.example.com/webhooks/hostaway';
const table: [string, unknown[]][] = [
  ['webhook serve', ['webhookServe', {}]],
  ['webhook serve --host 127.0.0.1 --port 0', ['webhookServe', { host: '127.0.0.1', port: 0 }]],
  [`webhook register --account 12345 --url ${URL}`, ['webhookRegister', { account: 12345, url: URL }]],
  [
    `webhook register --account 1 --url ${URL} --webhook-login hook --webhook-password-stdin --json`,
    [
      'webhookRegister',
      { account: 1, url: URL, webhookLogin: 'hook', webhookPasswordStdin: true, json: true },
    ],
  ],
  ['webhook unregister --account 7', ['webhookUnregister', { account: 7 }]],
  [`webhook unregister --account 7 --url ${URL}`, ['webhookUnregister', { account: 7, url: URL }]],
  ['webhook replay', ['webhookReplay', { status: 'failed' }]],
  [
    'webhook replay --account 1 --account 2 --status applied --id 9 --since 2025-01-31T00:00:00Z --json',
    [
      'webhookReplay',
      { account: [1, 2], status: 'applied', id: [9], since: new Date('2025-01-31T00:00:00Z'), json: true },
    ],
  ],
  ['webhook events', ['webhookEvents', { limit: 50 }]],
  [
    'webhook events --status pending --limit 5 --json',
    ['webhookEvents', { status: 'pending', limit: 5, json: true }],
  ],
  [
    'accounts add --account-id 5 --webhook-login hook --webhook-password-stdin --no-verify',
    ['accountsAdd', { accountId: 5, webhookLogin: 'hook', webhookPasswordStdin: true, verify: false }],
  ],
  ['accounts update 5 --webhook-login hook', ['accountsUpdate', 5, { webhookLogin: 'hook', verify: true }]],
];

describe('CLI wiring of the webhook commands', () => {
  for (const [argv, expected] of table) {
    it(argv, async () => {
      assert.deepEqual(await dispatch(argv.split(' ')), expected);
    });
  }

  for (const argv of [
    `webhook register --url ${URL}`,
    'webhook register --account 1',
    'webhook serve --port 70000',
    'webhook replay --status done',
    'webhook events --since yesterday-ish',
    'webhook unregister',
  ]) {
    it(`rejects "${argv}" as a usage error`, async () => {
      await assert.rejects(dispatch(argv.split(' ')), (error: unknown) => {
        assert.ok(error instanceof CommanderError, String(error));
        assert.notEqual(error.exitCode, 0);
        return true;
      });
    });
  }

  it('reads --since as a duration ago or a date', () => {
    const before = Date.now();
    const since = parseSince('2h').getTime();
    assert.ok(Math.abs(before - 2 * 3_600_000 - since) < 1000);
    assert.equal(parseSince('2025-01-31').toISOString(), '2025-01-31T00:00:00.000Z');
  });
});
