import { type CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import { listWebhookEvents } from '../../db/webhooks/webhook-events-query.js';
import { writeList } from '../render/output.js';
import { formatTime } from '../render/format-time.js';
import type { Runtime } from '../runtime.js';
import {
  accountFilterOption,
  jsonOption,
  type OptionsOf,
  parsePositiveInt,
  sinceOption,
  WEBHOOK_EVENT_STATUSES,
  webhookEventFilter,
} from '../support/options.js';

export const configure = (webhook: CommandUnknownOpts) =>
  webhook
    .command('events')
    .description('list recent inbox events, newest first')
    .addOption(accountFilterOption())
    .addOption(sinceOption())
    .addOption(
      new Option('--status <status>', 'only events with this status').choices(WEBHOOK_EVENT_STATUSES),
    )
    .option('--limit <n>', 'how many', parsePositiveInt, 50)
    .addOption(jsonOption('the events'));

type Options = OptionsOf<typeof configure>;

export async function run(runtime: Runtime, options: Options): Promise<number> {
  const db = await runtime.openDatabase();
  const events = await listWebhookEvents(db, { ...webhookEventFilter(options), limit: options.limit });
  const { color } = runtime;
  const paint = (status: string) =>
    status === 'applied'
      ? color.green(status)
      : status === 'failed'
        ? color.red(status)
        : color.yellow(status);
  writeList(runtime, events, {
    json: options.json,
    empty: 'no webhook events',
    headers: ['ID', 'RECEIVED', 'ACCOUNT', 'EVENT', 'OBJECT', 'STATUS', 'OUTCOME', 'ATTEMPTS', 'ERROR'],
    row: (e) => [
      e.id,
      formatTime(e.receivedAt),
      e.accountId,
      e.event,
      e.objectId,
      paint(e.status),
      e.outcome,
      e.attempts,
      e.lastError ? e.lastError.slice(0, 60) : null,
    ],
  });
  return 0;
}
