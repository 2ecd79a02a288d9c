import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { readFile, writeFile } from 'node:fs/promises';
import { UsageError } from '../../errors.js';
import { locateAttachment } from '../../sync/attachments/read-attachment.js';
import type { Runtime } from '../runtime.js';
import { reportDone } from '../support/report-done.js';
import { examples, type OptionsOf, parsePositiveInt } from '../support/options.js';

export const configure = (attachments: CommandUnknownOpts) =>
  attachments
    .command('get')
    .description('write one stored attachment to a file (or to stdout with -o -)')
    .argument('<attachment-id>', "Hostaway's attachment id (see attachments list)", parsePositiveInt)
    .requiredOption('-o, --output <file>', 'where to write the bytes; - for stdout')
    .option('-a, --account <id>', 'the account, when the id exists in several', parsePositiveInt)
    .option('-f, --force', 'overwrite the file when it exists')
    .addHelpText(
      'after',
      examples(
        'hostaway-sync attachments get 123456 -o passport.pdf',
        'hostaway-sync attachments get 123456 -o - | file -',
      ),
    );

type Options = OptionsOf<typeof configure>;

/** Writes one stored attachment's exact bytes to a file (refusing to overwrite without --force) or stdout. */
export async function run(runtime: Runtime, attachmentId: number, options: Options): Promise<number> {
  const db = await runtime.openDatabase();
  const { attachment, content } = await locateAttachment(db, attachmentId, {
    accountId: options.account,
    dir: runtime.config.attachments.dir,
  });
  const bytes = content.kind === 'bytes' ? content.bytes : await readFile(content.path);
  if (options.output === '-') {
    // stdout takes bytes as well as text (process.stdout is a byte stream).
    (runtime.io.stdout as unknown as { write(chunk: Uint8Array): unknown }).write(bytes);
    return 0;
  }
  try {
    await writeFile(options.output, bytes, { flag: options.force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UsageError(`${options.output} exists`, { hint: 'pass --force to overwrite it' });
    throw error;
  }
  reportDone(
    runtime,
    `wrote ${bytes.length} bytes of ${attachment.name ?? attachmentId} to ${options.output}`,
    {
      msg: 'attachment written',
      attachmentId,
      bytes: bytes.length,
      sha256: attachment.sha256,
      output: options.output,
    },
  );
  return 0;
}
