import { RESOURCES } from '../../src/sync/registry.js';
import type { RunResult, SyncSettings } from '../../src/sync/types.js';
import { webhookModeCadenceSeconds } from '../../src/sync/webhook-mode/polled-resources.js';
import type { Cell, Scenario } from './conformance-scenarios.js';

/**
 * Webhook mode with listings on a cadence of their own (`HOSTAWAY_WEBHOOK_LISTINGS_POLL_SECONDS`), shorter
 * than that of what webhooks cover: each core resource is polled on its cadence, the others every run.
 */
const WEBHOOK_MODE: SyncSettings = { webhookPollSeconds: 3600, webhookListingsPollSeconds: 1800 };
/** `status --max-age`: the interval of the incremental runs. */
const MAX_AGE_MS = 5 * 60_000;

const cadenceOf = (name: string) => webhookModeCadenceSeconds(name, WEBHOOK_MODE);
/** The core resources a run leaves out when each last succeeded `agoSeconds` ago. */
const notDue = (agoSeconds: number) =>
  RESOURCES.filter((r) => r.core && cadenceOf(r.name) > agoSeconds).map((r) => r.name);

/**
 * Resources read from what the run or a webhook stored of what webhooks cover (finance fields of the
 * reservations written since, attachments of the messages stored): with no webhook delivered, as here, a
 * change to them reaches the mirror with the safety-net poll of what they follow.
 */
const FOLLOWS: Readonly<Record<string, string>> = { financeFields: 'reservations', attachments: 'threads' };
/** Seconds from a change upstream to the poll that must bring it to the mirror (0: the next run). */
const pollAfter = (name: string) => cadenceOf(FOLLOWS[name] ?? name);

/**
 * `status --max-age` while the resource is not due: at the last moment before it is due, it is not stale;
 * once a poll is overdue by more than the max age, it is. Core resources only (status checks their lag).
 */
async function staleness(cell: Cell, cadence: number): Promise<string[]> {
  const { name, core } = cell.resource;
  if (!core) return [];
  const now = (await cell.status({ settings: WEBHOOK_MODE })).resources.find((r) => r.resource === name)!;
  const last = Math.max(
    ...[now.lastFullSuccessAt, now.lastIncrementalSuccessAt, now.lastReconcileSuccessAt].map(
      (at) => at?.getTime() ?? 0,
    ),
  );
  const at = async (ms: number) =>
    (
      await cell.status({ now: new Date(last + ms), maxAgeMs: MAX_AGE_MS, settings: WEBHOOK_MODE })
    ).problems.filter((problem) => problem.startsWith(`${name} `));
  const lines = (await at(cadence * 1000)).map((p) => `status says "${p}" while ${name} is not due yet`);
  if ((await at(cadence * 1000 + MAX_AGE_MS + 60_000)).length === 0)
    lines.push(`status says nothing of ${name} with its poll overdue past the max age`);
  return lines;
}

const prefixed = (prefix: string, lines: string[]) => lines.map((line) => `${prefix}: ${line}`);

/**
 * An account in webhook mode: a change upstream reaches the mirror at the resource's next poll there (every
 * run for what webhook mode does not slow down) and not later; the runs before it succeed, leaving out only
 * what is not due, and `status --max-age` calls nothing stale that is not due.
 */
export const WEBHOOK_MODE_SCENARIO: Scenario = {
  name: 'in webhook mode, a change reaches the mirror at its next poll there, and the runs between succeed',
  needs: 'change',
  act: async (cell) => {
    const { name } = cell.resource;
    const cadence = pollAfter(name);
    await cell.enterWebhookMode();
    cell.edits.change!();
    const between = await cell.run('incremental', { settings: WEBHOOK_MODE });
    const before: string[] = [];
    if (between.status !== 'succeeded')
      before.push(`the run ended ${between.status}: ${between.error?.message ?? ''}`);
    if (cadenceOf(name) > 0 && between.resources[name] !== undefined)
      before.push(`${name} polled before its webhook-mode cadence (${cadence} s) was up`);
    const waiting = cadence > 0 ? [...notDue(0), name] : notDue(0);
    before.push(...(await cell.judge(between, { leftOut: waiting })), ...(await staleness(cell, cadence)));
    let poll: RunResult = between;
    const after: string[] = [];
    if (cadence > 0) {
      await cell.age(cadence + 1);
      poll = await cell.run('incremental', { settings: WEBHOOK_MODE });
      after.push(...(await cell.judge(poll, { leftOut: notDue(cadence + 1) })));
    }
    after.push(...(await cell.exact(poll)));
    return [...prefixed('before the poll', before), ...prefixed('the poll', after)];
  },
};
