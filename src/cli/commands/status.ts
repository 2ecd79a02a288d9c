import { type CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import type { AttachmentCounts } from '../../db/attachments/attachment-queries.js';
import { listPoolStatus, type PoolStatus } from '../../db/sql/pool-status.js';
import { getStatusReport, type AccountStatus, type StatusReport } from '../../sync/status.js';
import type { WebhookCoverage } from '../../db/sql/list-accounts.js';
import { accountNotFound, ConfigError, ExitCode } from '../../errors.js';
import { formatAgo, formatDuration, formatIn } from '../../durations.js';
import { writeJson } from '../render/output.js';
import { formatTable } from '../render/table.js';
import type { Runtime } from '../runtime.js';
import { runtimeSecrets } from '../secrets.js';
import { syncSettings } from '../sync-settings.js';
import { accountFilterOption, examples, type OptionsOf, parseDurationMsOption } from '../support/options.js';

export const configure = (program: CommandUnknownOpts) =>
  program
    .command('status')
    .description(
      'per account and resource: last success, last error, row counts and lag; non-zero exit when unhealthy',
    )
    .option(
      '--max-age <duration>',
      'unhealthy when the last successful sync is older (e.g. 30m, 2h)',
      parseDurationMsOption,
    )
    .addOption(accountFilterOption())
    .addOption(new Option('--json', 'print the status as JSON on stdout').conflicts('prometheus'))
    .option(
      '--prometheus',
      "print the fleet's gauges (health, lag, unavailable resources, given-up threads, budgets) in Prometheus' text format",
    )
    .addHelpText(
      'after',
      examples(
        'hostaway-sync status',
        'hostaway-sync status --max-age 30m --json   # exit 3 when stale or failing',
        'hostaway-sync status --prometheus   # for node_exporter: docs/operations.md',
      ),
    );

type Options = OptionsOf<typeof configure>;

/** Exit 0 when every active account is healthy, 3 otherwise (2/78 when nothing is synced): an alert or a probe. */
export async function run(runtime: Runtime, options: Options): Promise<number> {
  const db = await runtime.openDatabase();
  const report = await getStatusReport(db, {
    maxAgeMs: options.maxAge,
    accountIds: options.account,
    secrets: runtimeSecrets(runtime),
    settings: syncSettings(runtime.config),
  });
  checkSomethingSyncs(report.accounts, options.account);
  const { perIp, perAccount, windowMs } = runtime.config.rateLimit;
  const pools = await listPoolStatus(db, { limit: perIp, windowMs });
  // The embedded database keeps the budget in each process: the tables then show nothing in use.
  const rateBudget = { shared: db.kind === 'postgres', perPool: perIp, perAccount, windowMs };
  const exitCode = report.healthy ? ExitCode.ok : ExitCode.partial;
  if (options.json) {
    writeJson(runtime, { ...report, rateBudget, pools, exitCode });
    return exitCode;
  }
  if (options.prometheus) {
    const { renderFleetMetrics } = await import('../../observability/fleet-metrics.js');
    runtime.io.stdout.write(await renderFleetMetrics(report, rateBudget.shared ? pools : []));
    return exitCode;
  }
  const { color } = runtime;
  const age = (seconds: number | null) => formatAgo(seconds === null ? null : seconds * 1000);
  const rows = report.accounts.flatMap((a) =>
    a.resources.map((r) => [
      a.accountId,
      a.isActive ? (a.healthy ? color.green('ok') : color.red('unhealthy')) : color.dim('inactive'),
      r.resource,
      age(r.lagSeconds),
      r.resource === 'threads' ? a.counts.threads : a.counts[r.resource as 'listings' | 'reservations'],
      r.lastError ? color.red(r.lastError.slice(0, 60)) : null,
    ]),
  );
  runtime.io.stdout.write(
    formatTable(['ACCOUNT', 'HEALTH', 'RESOURCE', 'LAST SUCCESS', 'ROWS', 'LAST ERROR'], rows),
  );
  writeOptionalResources(runtime, report.accounts, age);
  writePools(runtime, pools, rateBudget.shared);
  for (const a of report.accounts.filter((x) => !x.healthy)) {
    runtime.io.stderr.write(`${color.red('✖')} ${a.accountId}: ${a.problems.join('; ')}\n`);
  }
  for (const warning of report.secrets.warnings) runtime.io.stderr.write(`${color.yellow('!')} ${warning}\n`);
  for (const a of report.accounts) {
    const { retrying, givenUp, givenUpIds } = a.threadFailures;
    const ids = givenUp > 0 ? `: ${givenUpIds.slice(0, 10).join(', ')}${givenUp > 10 ? ', …' : ''}` : '';
    if (retrying + givenUp > 0)
      runtime.io.stderr.write(
        `${color.yellow('!')} ${a.accountId}: ${retrying + givenUp} message thread(s) failing (${givenUp} given up${ids}); see hostaway.thread_failures\n`,
      );
  }
  writeUnavailable(runtime, report.accounts);
  writeAttachments(runtime, report.accounts);
  writeWebhookModes(runtime, report);
  return exitCode;
}

/**
 * A status that cannot see a sync must not pass as healthy: an unknown --account is exit 2, no active
 * account (an empty or wrong database, everything deactivated) exit 78.
 */
function checkSomethingSyncs(accounts: AccountStatus[], wanted: readonly number[] | undefined): void {
  const unknown = (wanted ?? []).filter((id) => !accounts.some((a) => a.accountId === id));
  if (unknown.length > 0) throw accountNotFound(unknown);
  if (!accounts.some((a) => a.isActive))
    throw new ConfigError(
      `no active account${wanted ? ' among those asked for' : ''}: nothing is being synced`,
      {
        hint: 'add one with hostaway-sync accounts add, or check DATABASE_URL points at the database the syncs use',
      },
    );
}

/** Per account, the optional resources it syncs: cadence, last success, next due, requests of the last run. */
function writeOptionalResources(
  runtime: Runtime,
  accounts: AccountStatus[],
  age: (seconds: number | null) => string,
): void {
  const { color } = runtime;
  const now = Date.now();
  const since = (at: Date | null) =>
    at === null ? null : Math.max(0, Math.round((now - at.getTime()) / 1000));
  const rows = accounts.flatMap((a) =>
    a.optionalResources.map((r) => [
      a.accountId,
      r.resource,
      r.cadenceSeconds === 0 ? 'every run' : formatDuration(r.cadenceSeconds * 1000),
      age(since(r.lastSuccessAt)),
      r.nextDueAt === null || r.nextDueAt.getTime() <= now
        ? 'next run'
        : formatIn(r.nextDueAt.getTime() - now),
      r.lastRunRequests,
      r.lastError ? color.red(r.lastError.slice(0, 60)) : null,
    ]),
  );
  if (rows.length === 0) return;
  runtime.io.stdout.write(
    `\nOptional resources\n${formatTable(
      ['ACCOUNT', 'RESOURCE', 'CADENCE', 'LAST SUCCESS', 'NEXT DUE', 'LAST RUN REQUESTS', 'LAST ERROR'],
      rows,
    )}`,
  );
}

/** One warning line per resource an account cannot use (not a problem of the account: exit 0 stands). */
function writeUnavailable(runtime: Runtime, accounts: AccountStatus[]): void {
  const { color } = runtime;
  for (const a of accounts)
    for (const r of a.optionalResources)
      if (r.unavailable)
        runtime.io.stderr.write(
          `${color.yellow('!')} ${a.accountId}: ${r.resource} unavailable since ${r.unavailable.since.toISOString()} (${r.unavailable.reason}); next probe ${r.unavailable.nextProbeAt.toISOString()}\n`,
        );
}

/** Accounts with attachments: stored, pending, failed (retried / given up) and refused downloads. */
function writeAttachments(
  runtime: Runtime,
  accounts: { accountId: number; attachments: AttachmentCounts }[],
) {
  const rows = accounts
    .filter(({ attachments: a }) => a.stored + a.pending + a.failed + a.givenUp + a.refused > 0)
    .map(({ accountId, attachments: a }) => [accountId, a.stored, a.pending, a.failed, a.givenUp, a.refused]);
  if (rows.length === 0) return;
  runtime.io.stdout.write(
    `\nAttachments\n${formatTable(['ACCOUNT', 'STORED', 'PENDING', 'FAILED', 'GIVEN UP', 'REFUSED'], rows)}`,
  );
}

/** One line per egress pool: accounts, the shared budget's use in the current window, leases, waiters and 429s. */
function writePools(runtime: Runtime, pools: PoolStatus[], shared: boolean): void {
  if (pools.length === 0) return;
  const { perIp, windowMs } = runtime.config.rateLimit;
  const where = shared
    ? `shared by every process of a pool, ${perIp} requests per ${windowMs / 1000} s`
    : `in each process (embedded database), ${perIp} requests per ${windowMs / 1000} s; not recorded here`;
  const rows = pools.map((p) => [
    p.pool,
    p.accounts,
    p.incrementalDue,
    shared ? `${p.used}/${p.limit}` : null,
    shared ? p.leased : null,
    shared ? `${p.waiting.interactive}/${p.waiting.incremental}/${p.waiting.background}` : null,
    p.rateLimited,
    p.pausedUntil ? p.pausedUntil.toISOString() : null,
  ]);
  runtime.io.stdout.write(
    `\nRate budget: ${where}\n` +
      formatTable(
        ['POOL', 'ACCOUNTS', 'DUE', 'WINDOW', 'LEASED', 'WAITING I/INC/BG', '429S', 'PAUSED UNTIL'],
        rows,
      ),
  );
}

/** Each account with webhook credentials: its mode and why, and its coverage; then the fleet's coverage. */
function writeWebhookModes(runtime: Runtime, report: StatusReport): void {
  const withHooks = report.accounts.filter((a) => a.webhookMode.credentials);
  for (const { accountId, webhookMode: w } of withHooks)
    runtime.io.stdout.write(
      `webhooks ${accountId}: ${w.mode} mode${w.reason ? ` (${w.reason})` : ''}; ${describeCoverage(w.coverage)}\n`,
    );
  if (withHooks.length > 1)
    runtime.io.stdout.write(`webhooks, all accounts: ${describeCoverage(report.webhookCoverage)}\n`);
}

function describeCoverage(c: WebhookCoverage): string {
  if (c.ratio === null) return 'no changes in the last day';
  const percent = (c.ratio * 100).toFixed(1);
  return `coverage ${percent}% in the last day (${c.webhookFirst} changes first by webhook, ${c.pollFirst} by poll)`;
}
