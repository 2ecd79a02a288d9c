import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dispatch } from '../helpers/cli-wiring.js';
import { CommanderError } from 'commander';

describe('CLI wiring: demo and sql', () => {
  const table: [string[], unknown[]][] = [
    [['demo'], ['demo', { reservations: 800, listings: 20 }]],
    [
      ['demo', '--reservations', '50', '--listings', '3', '--keep-simulator', '--json'],
      ['demo', { reservations: 50, listings: 3, keepSimulator: true, json: true }],
    ],
    [
      ['sql', 'select 1'],
      ['sql', 'select 1', {}],
    ],
    [
      ['sql', 'select 1', '--json'],
      ['sql', 'select 1', { json: true }],
    ],
  ];
  for (const [argv, expected] of table) {
    it(argv.join(' '), async () => assert.deepEqual(await dispatch(argv), expected));
  }

  for (const argv of [['demo', '--reservations', '0'], ['demo', '--reservations', 'many'], ['sql']]) {
    it(`rejects "${argv.join(' ')}"`, async () => {
      await assert.rejects(dispatch(argv), (error: unknown) => error instanceof CommanderError);
    });
  }

  for (const command of ['demo', 'sql']) {
    it(`${command} --help shows examples`, async () => {
      const [kind, help] = await dispatch([command, '--help']);
      assert.equal(kind, 'help');
      assert.match(String(help), new RegExp(`Examples?:\\n  hostaway-sync ${command}`));
    });
  }
});
