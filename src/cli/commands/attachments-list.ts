import { listAttachments } from '../../db/attachments/attachment-queries.js';
import type { AttachmentsListOptions } from '../program-attachments.js';
import { formatTime } from '../render/format-time.js';
import { writeJson } from '../render/output.js';
import { formatTable } from '../render/table.js';
import type { Runtime } from '../runtime.js';

export async function runAttachmentsList(runtime: Runtime, options: AttachmentsListOptions): Promise<number> {
  const db = await runtime.openDatabase();
  const rows = await listAttachments(db, {
    accountIds: options.account,
    statuses: options.status,
    limit: options.limit,
  });
  if (options.json) {
    writeJson(runtime, rows);
    return 0;
  }
  if (rows.length === 0) {
    runtime.io.stderr.write(
      'no attachments; accounts download them with: hostaway-sync accounts update <id> --attachments\n',
    );
    return 0;
  }
  const { color } = runtime;
  const status = (s: string) =>
    s === 'stored' ? color.green(s) : s === 'pending' ? s : s === 'failed' ? color.red(s) : color.yellow(s);
  const table = rows.map((a) => [
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
  ]);
  runtime.io.stdout.write(
    formatTable(
      [
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
      table,
    ),
  );
  return 0;
}
