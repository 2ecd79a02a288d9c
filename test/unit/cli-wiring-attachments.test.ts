import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommanderError } from 'commander';
import { dispatch } from '../helpers/cli-wiring.js';

describe('CLI wiring: attachments and accounts --[no-]attachments', () => {
  const table: [string[], unknown[]][] = [
    [
      ['attachments', 'list'],
      ['attachmentsList', { limit: 1000 }],
    ],
    [
      ['attachments', 'list', '--account', '7', '--status', 'failed', '--status', 'refused', '--json'],
      ['attachmentsList', { account: [7], status: ['failed', 'refused'], limit: 1000, json: true }],
    ],
    [
      ['attachments', 'get', '42', '-o', 'out.pdf'],
      ['attachmentsGet', 42, { output: 'out.pdf' }],
    ],
    [
      ['attachments', 'get', '42', '--output', '-', '--account', '7', '--force'],
      ['attachmentsGet', 42, { output: '-', account: 7, force: true }],
    ],
    [
      ['accounts', 'add', '--attachments'],
      ['accountsAdd', { attachments: true, verify: true }],
    ],
    [
      ['accounts', 'update', '12', '--attachments'],
      ['accountsUpdate', 12, { attachments: true, verify: true }],
    ],
    [
      ['accounts', 'update', '12', '--no-attachments'],
      ['accountsUpdate', 12, { attachments: false, verify: true }],
    ],
  ];
  for (const [argv, expected] of table) {
    it(argv.join(' '), async () => assert.deepEqual(await dispatch(argv), expected));
  }

  for (const argv of [
    ['attachments', 'list', '--status', 'lost'],
    ['attachments', 'get', '42'],
    ['attachments', 'get', 'x', '-o', 'f'],
  ]) {
    it(`rejects "${argv.join(' ')}"`, async () => {
      await assert.rejects(dispatch(argv), (error: unknown) => error instanceof CommanderError);
    });
  }
});
