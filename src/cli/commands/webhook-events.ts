import { type CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import { listWebhookEvents } from '../../db/webhooks/webhook-events-query.js';
import { writeJson } from '../render/output.js';
import { formatTable } from '../render/table.js';
import { formatTime } from '../render/format-time.js';
import type { Runtime } from '../runtime.js';
import {
  collectInt,
  type OptionsOf,
  parsePositiveInt,
  parseSince,
  WEBHOOK_EVENT_STATUSES,
} from '../support/options.js';

export const configure = (webhook: CommandUnknownOpts) =>
  webhook
    .command('events')
    .description('list recent inbox events, newest first')
    .option('-a, --account <id>', 'only this account (repeatable)', collectInt)
    .option('--since <when>', 'only events received since (30m, 2h, 7d or a date)', parseSince)
    .addOption(
      new Option('--status <status>', 'only events with this status').choices(WEBHOOK_EVENT_STATUSES),
    )
    .option('--limit <n>', 'how many', parsePositiveInt, 50)
    .option('--json', 'print the events as JSON on stdout');

type Options = OptionsOf<typeof configure>;

export async function run(runtime: Runtime, options: Options): Promise<number> {
  const db = await runtime.openDatabase();
  const events = await listWebhookEvents(db, {
    accountIds: options.account,
    status: options.status,
    since: options.since,
    limit: options.limit,
  });
  if (options.json) {
    writeJson(runtime, events);
    return 0;
  }
  if (events.length === 0) {
    runtime.io.stderr.write('no webhook events\n');
    return 0;
  }
  const { color } = runtime;
  const paint = (status: string) =>
    status === 'applied'
      ? color.green(status)
      : status === 'failed'
        ? color.red(status)
        : color.yellow(status);
  const rows = events.map((e) => [
    e.id,
    formatTime(e.receivedAt),
    e.accountId,
    e.event,
    e.objectId,
    paint(e.status),
    e.outcome,
    e.attempts,
    e.lastError ? e.lastError.slice(0, 60) : null,
  ]);
  runtime.io.stdout.write(
    formatTable(
      ['ID', 'RECEIVED', 'ACCOUNT', 'EVENT', 'OBJECT', 'STATUS', 'OUTCOME', 'ATTEMPTS', 'ERROR'],
      rows,
    ),
  );
  return 0;
}
