import { type CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import { findWebhookEventIds } from '../../db/webhooks/webhook-events-query.js';
import {
  claimWebhookEvents,
  recordWebhookEventResults,
  type EventResult,
} from '../../db/webhooks/webhook-events-repo.js';
import { ExitCode } from '../../errors.js';
import { createWebhookEventApplier } from '../../sync/apply-webhook-event.js';
import { writeJson } from '../render/output.js';
import type { Runtime } from '../runtime.js';
import { runtimeSecrets } from '../secrets.js';
import {
  accountFilterOption,
  collectInt,
  examples,
  jsonOption,
  type OptionsOf,
  sinceOption,
  WEBHOOK_EVENT_STATUSES,
  webhookEventFilter,
} from '../support/options.js';

export const configure = (webhook: CommandUnknownOpts) =>
  webhook
    .command('replay')
    .description('apply stored events again (by default the failed ones)')
    .addOption(accountFilterOption())
    .addOption(sinceOption())
    .addOption(
      new Option('--status <status>', 'which events').choices(WEBHOOK_EVENT_STATUSES).default('failed'),
    )
    .option('--id <n>', 'only this event (repeatable)', collectInt)
    .addOption(jsonOption('the results'))
    .addHelpText(
      'after',
      examples(
        'hostaway-sync webhook replay',
        'hostaway-sync webhook replay --account 12345 --since 2h --status applied',
      ),
    );

type Options = OptionsOf<typeof configure>;

const CHUNK = 50;
const LEASE_MS = 300_000;

/**
 * Applies the matching events once more, here and now (re-fetching from Hostaway where needed). An event
 * that fails again goes back to the inbox: pending (the listener retries it) or failed. Exit 0 when every
 * event applied, 3 otherwise.
 */
export async function run(runtime: Runtime, options: Options): Promise<number> {
  const db = await runtime.openDatabase();
  const ids = await findWebhookEventIds(db, { ...webhookEventFilter(options), ids: options.id });
  const applier = createWebhookEventApplier({
    db,
    client: runtime.createClient(),
    logger: runtime.logger,
    refetch: runtime.config.webhook.refetch,
    secrets: runtimeSecrets(runtime),
  });
  const results: EventResult[] = [];
  for (let start = 0; start < ids.length; start += CHUNK) {
    const events = await claimWebhookEvents(db, ids.slice(start, start + CHUNK), LEASE_MS);
    const chunk = await applier.apply(events);
    await recordWebhookEventResults(db, chunk);
    results.push(...chunk);
  }
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const summary = {
    replayed: results.length,
    applied: count('applied'),
    pending: count('pending'),
    failed: count('failed'),
  };
  const exitCode = summary.applied === results.length ? ExitCode.ok : ExitCode.partial;
  if (options.json) writeJson(runtime, { ...summary, exitCode, events: results });
  else {
    const { color } = runtime;
    const mark = exitCode === ExitCode.ok ? color.green('✔') : color.yellow('!');
    runtime.io.stderr.write(
      `${mark} replayed ${summary.replayed} event(s): ${summary.applied} applied, ${summary.pending} pending (retried by the listener), ${summary.failed} failed\n`,
    );
    for (const r of results.filter((x) => x.status !== 'applied'))
      runtime.io.stderr.write(`  event ${r.id}: ${r.status}: ${r.lastError ?? ''}\n`);
  }
  return exitCode;
}
