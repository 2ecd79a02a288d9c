import { CONFIG_DEFAULTS } from '../config.js';
import { listAccounts, type AccountSummary } from '../db/accounts/accounts-repo.js';
import { webhookCoverage, type WebhookCoverage } from '../db/sql/list-accounts.js';
import { countAttachments, type AttachmentCounts } from '../db/attachments/attachment-queries.js';
import type { Queryable } from '../db/database.js';
import type { SyncState } from '../db/schema/index.js';
import { listSyncStates } from '../db/runs/sync-state-repo.js';
import { countThreadFailures, type ThreadFailureCounts } from '../db/threads/thread-failures-repo.js';
import { createAccountSecrets, type AccountSecrets } from '../secrets/account-secrets.js';
import { cadenceSeconds, lastSuccessAt, nextResourceDueAt } from './due.js';
import { webhookModeCadenceSeconds } from './webhook-mode/polled-resources.js';
import { findResource, RESOURCES } from './registry.js';
import { enabledResources } from './resource-sets.js';
import { getSecretsStatus, type SecretsStatus } from './secrets-status.js';
import type { SyncSettings } from './types.js';
import { nextProbeAt } from './unavailable.js';

type LastError = Pick<SyncState, 'lastError' | 'lastErrorAt'>;

export type ResourceStatus = LastError &
  Pick<
    SyncState,
    'resource' | 'lastFullSuccessAt' | 'lastIncrementalSuccessAt' | 'lastReconcileSuccessAt'
  > & {
    /** Seconds since the latest success of any kind; null when it never succeeded. */
    lagSeconds: number | null;
  };

/** An optional resource the account enabled: when it last succeeded, when it is next due, its cost. */
export interface OptionalResourceStatus extends LastError {
  resource: string;
  cadenceSeconds: number;
  lastSuccessAt: Date | null;
  /** Null: the next run takes it (it never succeeded). */
  nextDueAt: Date | null;
  /** Requests it made in the account's last run; null when it did not run in it. */
  lastRunRequests: number | null;
  /** Set while the account cannot use the resource: since when, why, and when it is tried again. */
  unavailable: { since: Date; reason: string; nextProbeAt: Date } | null;
}

export interface AccountStatus extends AccountSummary {
  healthy: boolean;
  /** Why the account is unhealthy, one short sentence each. */
  problems: string[];
  resources: ResourceStatus[];
  /** The optional resources it syncs (registry order). */
  optionalResources: OptionalResourceStatus[];
  /** Message threads whose fetch keeps failing: still retried by incremental runs, and given up by them. */
  threadFailures: ThreadFailureCounts;
  /** Message attachments by download status (all zero for accounts without `--attachments`). */
  attachments: AttachmentCounts;
}

export interface StatusReport {
  healthy: boolean;
  checkedAt: Date;
  maxAgeSeconds: number | null;
  accounts: AccountStatus[];
  /** Webhook coverage of the active accounts together (each account's is in its `webhookMode`). */
  webhookCoverage: WebhookCoverage;
  /** Plaintext secrets and pending rotations: warnings only, they never make the report unhealthy. */
  secrets: SecretsStatus;
}

/**
 * Health of every account: an active account is unhealthy when its last run failed, when a resource
 * never succeeded or (with `maxAgeMs`) last succeeded — fully or incrementally — longer ago than that, or
 * when message threads are given up (their runs are partial too).
 * Inactive accounts are reported but never unhealthy.
 */
export async function getStatusReport(
  db: Queryable,
  options: {
    maxAgeMs?: number;
    accountIds?: readonly number[];
    now?: Date;
    secrets?: AccountSecrets;
    /** The runs' settings: thread and attachment attempts, cadences, reprobe interval (unset: defaults). */
    settings?: SyncSettings;
  } = {},
): Promise<StatusReport> {
  const now = options.now ?? new Date();
  const wanted = options.accountIds ? new Set(options.accountIds) : undefined;
  const accounts = (await listAccounts(db)).filter((a) => !wanted || wanted.has(a.accountId));
  const states = await listSyncStates(db);
  const settings = options.settings ?? {};
  const failures = await countThreadFailures(
    db,
    settings.threadMaxAttempts ?? CONFIG_DEFAULTS.threadMaxAttempts,
  );
  const files = await countAttachments(
    db,
    settings.attachments?.maxAttempts ?? CONFIG_DEFAULTS.attachments.maxAttempts,
  );
  const report = accounts.map((account) => {
    const mine = states.filter((s) => Number(s.accountId) === account.accountId);
    const stateOf = (name: string) => mine.find((s) => s.resource === name);
    const resources = RESOURCES.filter((r) => r.core).map(({ name }) =>
      toResourceStatus(name, stateOf(name), now),
    );
    const optionalResources = enabledResources({
      resources: account.resourceChoice,
      downloadAttachments: account.downloadAttachments,
    }).map((name) => toOptionalStatus(name, stateOf(name), account, settings));
    const threadFailures = failures.get(account.accountId) ?? { retrying: 0, givenUp: 0, givenUpIds: [] };
    const problems = account.isActive ? findProblems(account, resources, options.maxAgeMs, settings) : [];
    if (account.isActive && threadFailures.givenUp > 0)
      problems.push(
        `${threadFailures.givenUp} message thread(s) given up: ${threadFailures.givenUpIds.slice(0, 10).join(', ')}${threadFailures.givenUp > 10 ? ', …' : ''}`,
      );
    const attachments = files.get(account.accountId) ?? {
      stored: 0,
      pending: 0,
      failed: 0,
      givenUp: 0,
      refused: 0,
    };
    return {
      ...account,
      healthy: problems.length === 0,
      problems,
      resources,
      optionalResources,
      threadFailures,
      attachments,
    };
  });
  return {
    healthy: report.every((a) => a.healthy),
    checkedAt: now,
    maxAgeSeconds: options.maxAgeMs === undefined ? null : options.maxAgeMs / 1000,
    accounts: report,
    webhookCoverage: fleetCoverage(report),
    secrets: await getSecretsStatus(db, options.secrets ?? createAccountSecrets(), wanted),
  };
}

function toResourceStatus(resource: string, state: SyncState | undefined, now: Date): ResourceStatus {
  const latest = lastSuccessAt(state);
  return {
    resource,
    lastFullSuccessAt: state?.lastFullSuccessAt ?? null,
    lastIncrementalSuccessAt: state?.lastIncrementalSuccessAt ?? null,
    lastReconcileSuccessAt: state?.lastReconcileSuccessAt ?? null,
    lagSeconds: latest && Math.max(0, Math.round((now.getTime() - latest.getTime()) / 1000)),
    lastError: state?.lastError ?? null,
    lastErrorAt: state?.lastErrorAt ?? null,
  };
}

function toOptionalStatus(
  name: string,
  state: SyncState | undefined,
  account: AccountSummary,
  settings: SyncSettings,
): OptionalResourceStatus {
  const resource = findResource(name)!;
  const cadence = cadenceSeconds(resource, settings);
  const last = lastSuccessAt(state);
  const probeAt = nextProbeAt(state, settings);
  return {
    resource: name,
    cadenceSeconds: cadence,
    lastSuccessAt: last,
    nextDueAt: probeAt ?? nextResourceDueAt(state, cadence),
    lastRunRequests: account.lastRun?.requests[name] ?? null,
    lastError: state?.lastError ?? null,
    lastErrorAt: state?.lastErrorAt ?? null,
    unavailable:
      probeAt === null
        ? null
        : {
            since: state!.unavailableSince!,
            reason: state!.unavailableReason ?? 'unavailable',
            nextProbeAt: probeAt,
          },
  };
}

function findProblems(
  account: AccountSummary,
  resources: ResourceStatus[],
  maxAgeMs: number | undefined,
  settings: SyncSettings,
): string[] {
  const problems: string[] = [];
  // In webhook mode a resource polled on a longer cadence is stale only once that cadence is past too.
  const pollAllowanceMs = (resource: string) =>
    account.webhookMode.mode === 'webhook' ? webhookModeCadenceSeconds(resource, settings) * 1000 : 0;
  // A partial run exited 3: status says so too, until a later run completes what it left out.
  if (account.lastRun?.status === 'failed' || account.lastRun?.status === 'partial')
    problems.push(`last run ${account.lastRun.status}: ${account.lastRun.error ?? 'unknown error'}`);
  for (const r of resources) {
    if (r.lagSeconds === null) problems.push(`${r.resource} never synced`);
    else if (maxAgeMs !== undefined && r.lagSeconds * 1000 > maxAgeMs + pollAllowanceMs(r.resource))
      problems.push(`${r.resource} last synced ${r.lagSeconds}s ago`);
  }
  return problems;
}

function fleetCoverage(accounts: readonly AccountSummary[]): WebhookCoverage {
  const active = accounts.filter((a) => a.isActive).map((a) => a.webhookMode.coverage);
  const sum = (pick: (c: WebhookCoverage) => number) => active.reduce((n, c) => n + pick(c), 0);
  return webhookCoverage(
    sum((c) => c.webhookFirst),
    sum((c) => c.pollFirst),
  );
}
