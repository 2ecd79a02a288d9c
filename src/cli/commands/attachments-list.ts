import { type CommandUnknownOpts, InvalidArgumentError } from '@commander-js/extra-typings';
import { ATTACHMENT_STATUSES, type AttachmentStatus } from '../../db/schema/attachments.js';
import { listAttachments } from '../../db/attachments/attachment-queries.js';
import { formatTime } from '../render/format-time.js';
import { writeList } from '../render/output.js';
import type { Runtime } from '../runtime.js';
import {
  accountFilterOption,
  examples,
  jsonOption,
  type OptionsOf,
  parsePositiveInt,
} from '../support/options.js';

function collectStatus(value: string, previous: AttachmentStatus[] = []): AttachmentStatus[] {
  if (!(ATTACHMENT_STATUSES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${ATTACHMENT_STATUSES.join(', ')}.`);
  return [...previous, value as AttachmentStatus];
}

export const configure = (attachments: CommandUnknownOpts) =>
  attachments
    .command('list')
    .description('list attachments with their download status, size and hash')
    .addOption(accountFilterOption())
    .option(
      '--status <status>',
      `only this status (repeatable): ${ATTACHMENT_STATUSES.join(', ')}`,
      collectStatus,
    )
    .option('--limit <n>', 'at most this many rows', parsePositiveInt, 1000)
    .addOption(jsonOption('the attachments'))
    .addHelpText(
      'after',
      examples(
        'hostaway-sync attachments list --account 12345',
        'hostaway-sync attachments list --status failed --status refused --json',
      ),
    );

type Options = OptionsOf<typeof configure>;

export async function run(runtime: Runtime, options: Options): Promise<number> {
  const db = await runtime.openDatabase();
  const rows = await listAttachments(db, {
    accountIds: options.account,
    statuses: options.status,
    limit: options.limit,
  });
  const { color } = runtime;
  const status = (s: string) =>
    s === 'stored' ? color.green(s) : s === 'pending' ? s : s === 'failed' ? color.red(s) : color.yellow(s);
  writeList(runtime, rows, {
    json: options.json,
    empty: 'no attachments; accounts download them with: hostaway-sync accounts update <id> --attachments',
    headers: [
      'ID',
      'ACCOUNT',
      'MESSAGE',
      'NAME',
      'MIME',
      'STATUS',
      'BYTES',
      'SHA-256',
      'ATTEMPTS',
      'NEXT TRY',
      'LAST ERROR',
    ],
    row: (a) => [
      a.attachmentId,
      a.accountId,
      a.messageId,
      a.name,
      a.mimeType,
      status(a.status),
      a.sizeBytes,
      a.sha256?.slice(0, 12),
      a.attempts,
      a.status === 'failed' ? formatTime(a.nextAttemptAt) : null,
      a.lastError?.slice(0, 60),
    ],
  });
  return 0;
}
