import { InvalidArgumentError } from 'commander';
import { ATTACHMENT_STATUSES, type AttachmentStatus } from '../db/schema/attachments.js';
import { collectInt, parsePositiveInt, type CommandContext, type GlobalOptions } from './program-shared.js';

export interface AttachmentsListOptions {
  account?: number[];
  status?: AttachmentStatus[];
  limit: number;
  json?: boolean;
}

export interface AttachmentsGetOptions {
  account?: number;
  /** A file path, or `-` for stdout. */
  output: string;
  force?: boolean;
}

export interface AttachmentsHandlers {
  attachmentsList(options: AttachmentsListOptions, globals: GlobalOptions): Promise<number>;
  attachmentsGet(
    attachmentId: number,
    options: AttachmentsGetOptions,
    globals: GlobalOptions,
  ): Promise<number>;
}

export function collectStatus(value: string, previous: AttachmentStatus[] = []): AttachmentStatus[] {
  if (!(ATTACHMENT_STATUSES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${ATTACHMENT_STATUSES.join(', ')}.`);
  return [...previous, value as AttachmentStatus];
}

export function addAttachmentsCommands(
  { program, globals, done }: CommandContext,
  handlers: AttachmentsHandlers,
): void {
  const attachments = program
    .command('attachments')
    .description('message attachments downloaded by accounts with --attachments');
  attachments
    .command('list')
    .description('list attachments with their download status, size and hash')
    .option('-a, --account <id>', 'only this account (repeatable)', collectInt)
    .option(
      '--status <status>',
      `only this status (repeatable): ${ATTACHMENT_STATUSES.join(', ')}`,
      collectStatus,
    )
    .option('--limit <n>', 'at most this many rows', parsePositiveInt, 1000)
    .option('--json', 'print the attachments as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  hostaway-sync attachments list --account 12345\n  hostaway-sync attachments list --status failed --status refused --json',
    )
    .action((options: AttachmentsListOptions) => done(handlers.attachmentsList(options, globals())));
  attachments
    .command('get')
    .description('write one stored attachment to a file (or to stdout with -o -)')
    .argument('<attachment-id>', "Hostaway's attachment id (see attachments list)", parsePositiveInt)
    .requiredOption('-o, --output <file>', 'where to write the bytes; - for stdout')
    .option('-a, --account <id>', 'the account, when the id exists in several', parsePositiveInt)
    .option('-f, --force', 'overwrite the file when it exists')
    .addHelpText(
      'after',
      '\nExamples:\n  hostaway-sync attachments get 123456 -o passport.pdf\n  hostaway-sync attachments get 123456 -o - | file -',
    )
    .action((attachmentId: number, options: AttachmentsGetOptions) =>
      done(handlers.attachmentsGet(attachmentId, options, globals())),
    );
}
