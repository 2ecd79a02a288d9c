import type { Queryable } from '../database.js';
import type { Account, SyncRun } from '../schema/index.js';

type AccountColumns = Pick<
  Account,
  'accountId' | 'customerId' | 'isActive' | 'egressPool' | 'lastSyncAt' | 'createdAt' | 'downloadAttachments'
>;
type LastRun = Pick<SyncRun, 'status' | 'mode' | 'finishedAt' | 'error' | 'apiRequests'> & {
  /** Requests per resource that ran in it. */
  requests: Record<string, number>;
};

export interface AccountSummary extends AccountColumns {
  /** Stored rows, excluding those marked deleted upstream. */
  counts: { listings: number; reservations: number; threads: number };
  /** Optional resources as chosen (`accounts.resources`; null: the default set). */
  resourceChoice: Account['resources'];
  /**
   * How reservations and threads are kept fresh: 'webhook' (long-cadence safety-net polls) or 'polling',
   * why, and since when; `credentials`: the listener accepts the account's webhooks.
   */
  webhookMode: {
    mode: Account['webhookMode'];
    reason: Account['webhookModeReason'];
    since: Account['webhookModeSince'];
    credentials: boolean;
    /** Changes of what webhooks cover over the last day, by who saw them first (hostaway.webhook_coverage). */
    coverage: WebhookCoverage;
  };
  lastRun: LastRun | null;
}

/**
 * Changes of what webhooks cover (reservations, guest messages) counted over the last day (this hour and
 * the 23 before): stored first by a webhook, or found first by a poll that no webhook had delivered.
 */
export interface WebhookCoverage {
  webhookFirst: number;
  pollFirst: number;
  /** webhookFirst ÷ (webhookFirst + pollFirst); null without changes. */
  ratio: number | null;
}

export function webhookCoverage(webhookFirst: number, pollFirst: number): WebhookCoverage {
  const all = webhookFirst + pollFirst;
  return { webhookFirst, pollFirst, ratio: all === 0 ? null : webhookFirst / all };
}

/** The statement's flat row: the latest run's columns are prefixed `run` (all null without a run). */
type SummaryRow = AccountColumns &
  AccountSummary['counts'] &
  Pick<Account, 'resources' | 'webhookMode' | 'webhookModeReason' | 'webhookModeSince'> & {
    webhookCredentials: boolean;
    webhookFirst: number;
    pollFirst: number;
  } & { [K in keyof LastRun as `run${Capitalize<K>}`]: LastRun[K] | null };

function liveCount(table: string): string {
  return `SELECT account_id, count(*) AS n FROM hostaway.${table}
    WHERE deleted_at IS NULL AND account_id IN (SELECT account_id FROM selected) GROUP BY account_id`;
}

// One statement: each data table is counted in one grouped pass, and the latest run comes from the
// (account_id, started_at DESC NULLS LAST) index, so the cost does not grow with the number of runs.
const LIST_ACCOUNTS_SQL = `WITH selected AS (
  SELECT account_id, customer_id, is_active, egress_pool, last_sync_at, created_at, resources,
    download_attachments, webhook_mode, webhook_mode_reason, webhook_mode_since,
    webhook_login IS NOT NULL AS webhook_credentials
  FROM hostaway.accounts
  WHERE ($1::boolean IS NOT TRUE OR is_active)
), c AS (
  SELECT account_id, sum(webhook_first)::int AS webhook, sum(poll_first)::int AS poll
  FROM hostaway.webhook_coverage
  WHERE hour >= date_trunc('hour', now()) - interval '23 hours' AND account_id IN (SELECT account_id FROM selected)
  GROUP BY account_id
), l AS (${liveCount('listings')}), r AS (${liveCount('reservations')}), m AS (${liveCount('messages')})
SELECT a.account_id AS "accountId", a.customer_id AS "customerId", a.is_active AS "isActive",
  a.egress_pool AS "egressPool",
  a.last_sync_at AS "lastSyncAt", a.created_at AS "createdAt",
  COALESCE(l.n, 0) AS listings, COALESCE(r.n, 0) AS reservations, COALESCE(m.n, 0) AS threads,
  a.resources, a.download_attachments AS "downloadAttachments", a.webhook_mode AS "webhookMode",
  a.webhook_mode_reason AS "webhookModeReason", a.webhook_mode_since AS "webhookModeSince",
  a.webhook_credentials AS "webhookCredentials",
  COALESCE(c.webhook, 0) AS "webhookFirst", COALESCE(c.poll, 0) AS "pollFirst",
  run.status AS "runStatus", run.mode AS "runMode", run.finished_at AS "runFinishedAt", run.error AS "runError",
  run.api_requests AS "runApiRequests",
  (SELECT jsonb_object_agg(e.key, (e.value->>'requests')::int) FROM jsonb_each(run.stats) e
   WHERE jsonb_typeof(e.value->'requests') = 'number') AS "runRequests"
FROM selected a
LEFT JOIN c ON c.account_id = a.account_id
LEFT JOIN l ON l.account_id = a.account_id
LEFT JOIN r ON r.account_id = a.account_id
LEFT JOIN m ON m.account_id = a.account_id
LEFT JOIN LATERAL (
  SELECT s.status, s.mode, s.finished_at, s.error, s.api_requests, s.stats FROM hostaway.sync_runs s
  WHERE s.account_id = a.account_id ORDER BY s.started_at DESC NULLS LAST LIMIT 1
) run ON true
ORDER BY a.account_id`;

function toAccountSummary(row: SummaryRow): AccountSummary {
  return {
    accountId: row.accountId,
    customerId: row.customerId,
    isActive: row.isActive,
    egressPool: row.egressPool,
    lastSyncAt: row.lastSyncAt,
    createdAt: row.createdAt,
    counts: { listings: row.listings, reservations: row.reservations, threads: row.threads },
    resourceChoice: row.resources,
    downloadAttachments: row.downloadAttachments,
    webhookMode: {
      mode: row.webhookMode,
      reason: row.webhookModeReason,
      since: row.webhookModeSince,
      credentials: row.webhookCredentials,
      coverage: webhookCoverage(row.webhookFirst, row.pollFirst),
    },
    lastRun:
      row.runStatus === null || row.runMode === null
        ? null
        : {
            status: row.runStatus,
            mode: row.runMode,
            finishedAt: row.runFinishedAt,
            error: row.runError,
            apiRequests: row.runApiRequests ?? 0,
            requests: row.runRequests ?? {},
          },
  };
}

/** Accounts ordered by id, with live row counts and their latest run, in one query. */
export async function listAccounts(
  db: Queryable,
  options: { activeOnly?: boolean } = {},
): Promise<AccountSummary[]> {
  const { rows } = await db.query<SummaryRow>(LIST_ACCOUNTS_SQL, [options.activeOnly === true]);
  return rows.map(toAccountSummary);
}
