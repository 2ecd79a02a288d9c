import { z } from 'zod';
import { DAY_MS, DAY_SECONDS, HOUR_MS, HOUR_SECONDS, MINUTE_MS, SECOND_MS } from '../durations.js';
import { resourceCadences } from './resource-cadences.js';
import {
  encryptionKey,
  encryptionKeyList,
  flag,
  hostList,
  httpUrl,
  int,
  ipAddress,
  postgresUrl,
} from './values.js';

/**
 * Every setting the tool reads from the environment, each declared once: its variable, its schema with the
 * default and the text the README's "Configuration" table and `--help` show. `meta({ shown })` replaces the
 * default column where the schema's default is not what a reader needs (computed, or none). Flags override
 * variables; `loadConfig` (src/config.ts) reads them all. The README's rows are checked against this table.
 */
export const SETTINGS = z.object({
  DATABASE_URL: postgresUrl
    .optional()
    .describe('PostgreSQL connection string')
    .meta({ shown: '(embedded database)' }),
  HOSTAWAY_SYNC_DATA_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('data directory of the embedded database (used when `DATABASE_URL` is unset)')
    .meta({ shown: '`$XDG_DATA_HOME/hostaway-sync` or `~/.local/share/hostaway-sync`' }),
  DATABASE_STATEMENT_TIMEOUT_MS: int(100, DAY_MS)
    .default(120 * SECOND_MS)
    .describe(
      'longest one PostgreSQL statement may run (`statement_timeout`); past it the statement fails (exit 75). The client stops waiting for any answer 5 s later: a server or network that stopped answering fails with exit 69',
    ),
  DATABASE_LOCK_TIMEOUT_MS: int(100, DAY_MS)
    .default(30 * SECOND_MS)
    .describe(
      "longest one statement may wait for a lock, advisory locks included (`lock_timeout`): a lock held by a stuck process fails the wait (exit 75; inside one resource's pass, that resource: exit 3)",
    ),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: int(100, DAY_MS)
    .default(MINUTE_MS)
    .describe(
      'PostgreSQL ends a session left idle inside a transaction this long (a frozen or cut-off process), releasing its locks (`idle_in_transaction_session_timeout`)',
    ),
  DATABASE_CONNECT_TIMEOUT_MS: int(100, 10 * MINUTE_MS)
    .default(10 * SECOND_MS)
    .describe(
      'longest wait to open a PostgreSQL connection or get one from the pool (exit 69). Every connection also sends TCP keepalives after 10 s of silence',
    ),
  DATABASE_POOL_SIZE: int(1, 1000)
    .default(10)
    .describe(
      'most PostgreSQL connections one process opens; independent of `HOSTAWAY_SYNC_CONCURRENCY` (a run holds no connection between statements). Behind a transaction-mode pooler (PgBouncer) this is per process, the pooler caps the server side',
    ),
  HOSTAWAY_SYNC_REQUIRE_SERVER: flag('0', 'must be 1 or 0').describe(
    '`1`: refuse the embedded database, so a server without `DATABASE_URL` stops with exit 78 instead of syncing into an empty local one (set in the image and the Kubernetes ConfigMap)',
  ),
  HOSTAWAY_API_BASE_URL: httpUrl
    .default('https://api.hostaway.com/v1')
    .describe('Hostaway API base URL (point it at the simulator)'),
  HOSTAWAY_RATE_LIMIT_PER_IP: int(1, 10_000)
    .default(15)
    .describe(
      'requests per window of the egress pool, all accounts together: shared by every process of the pool with a server database (`DATABASE_URL`), this process alone with the embedded one',
    ),
  HOSTAWAY_RATE_LIMIT_PER_ACCOUNT: int(1, 10_000).default(20).describe('requests per window per account'),
  HOSTAWAY_RATE_LIMIT_WINDOW_MS: int(1, HOUR_MS)
    .default(10 * SECOND_MS)
    .describe('the rate-limit window'),
  HOSTAWAY_REQUEST_TIMEOUT_MS: int(100, 10 * MINUTE_MS)
    .default(30 * SECOND_MS)
    .describe('timeout of one request'),
  HOSTAWAY_MAX_RETRIES: int(0, 20)
    .default(5)
    .describe('retries of one request (429, 5xx, timeouts, network errors, cut-off bodies)'),
  HOSTAWAY_RETRY_BASE_MS: int(0, MINUTE_MS)
    .default(500)
    .describe('base of the exponential backoff (full jitter)'),
  HOSTAWAY_RATE_LIMIT_BACKOFF_MS: int(0, 10 * MINUTE_MS)
    .default(10 * SECOND_MS)
    .describe('wait after a 429 without `Retry-After`'),
  HOSTAWAY_RETRY_AFTER_MAX_MS: int(0, DAY_MS)
    .default(MINUTE_MS)
    .describe(
      'longest `Retry-After` honoured (plus up to 10 % jitter); a longer one fails the request as rate limited (exit 75) instead of sleeping with the account locked',
    ),
  HOSTAWAY_TOKEN_ACTIVATION_MS: int(0, MINUTE_MS)
    .default(SECOND_MS)
    .describe('wait after minting a token (Hostaway: "valid 1 second after being returned")'),
  HOSTAWAY_SYNC_CONCURRENCY: int(1, 64)
    .default(4)
    .describe('accounts synced at once with `--all`, `--due` and by `worker`'),
  HOSTAWAY_SYNC_ACCOUNT_LEASE_SECONDS: int(2, HOUR_SECONDS)
    .default(60)
    .describe(
      "length of an account's run lease in `hostaway.account_leases`, renewed every third of it while the run lasts: a killed process blocks its accounts this long at most; a run that cannot renew it stops (exit 75)",
    ),
  HOSTAWAY_SYNC_WORKER_PORT: int(0, 65_535)
    .default(9464)
    .describe('port `worker` serves `/healthz`, `/readyz` and `/metrics` on'),
  HOSTAWAY_SYNC_WORKER_STALL_SECONDS: int(10, DAY_SECONDS)
    .default(300)
    .describe(
      "`worker`'s `/healthz` fails when its claim loop has not turned, or an account run has not moved on (a page, a resource), for this long: keep it above the longest page plus rate-budget wait",
    ),
  HOSTAWAY_THREAD_CONCURRENCY: int(1, 64).default(8).describe('message threads fetched at once per account'),
  // The rolling sweep already revisits every page in turn; a complete listing is the safety net for what it
  // can miss (a conversation jumped over after a deletion, a list whose order changed) and bounds how long
  // such a miss lasts, at one request per 100 conversations a day.
  HOSTAWAY_CONVERSATION_RELIST_HOURS: int(0, 8760)
    .default(24)
    .describe(
      'an incremental sync lists every conversation once the last complete listing is older (0: always)',
    ),
  HOSTAWAY_CONVERSATION_SWEEP_PAGES: int(0, 1000)
    .default(1)
    .describe(
      'conversation pages an incremental sync re-reads beyond the changed ones, in turn through the list (0: none)',
    ),
  HOSTAWAY_EGRESS_POOL: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be 1-63 letters, digits, ".", "_" or "-"')
    .default('default')
    .describe(
      "the egress pool (one public IP or NAT pool) this process sends from: with a server database every process of a pool shares one rate budget, and `--due` serves the pool's accounts",
    ),
  HOSTAWAY_LOCAL_ADDRESS: ipAddress
    .optional()
    .describe(
      'local IP address Hostaway requests and attachment downloads are sent from (a host with several public IPs runs one pool per address)',
    ),
  HOSTAWAY_BACKGROUND_FLOOR: int(0, 10_000)
    .default(2)
    .describe(
      'requests per rate window that full and reconcile passes keep while more urgent requests of the pool (webhooks, commands, incremental runs) wait',
    ),
  HOSTAWAY_INCREMENTAL_CADENCE_SECONDS: int(10, DAY_SECONDS)
    .default(300)
    .describe('with `sync incremental --due`: how often each account is synced'),
  HOSTAWAY_RECONCILE_CADENCE_SECONDS: int(60, 30 * DAY_SECONDS)
    .default(DAY_SECONDS)
    .describe('with `sync reconcile --due`: how often each account is reconciled'),
  HOSTAWAY_THREAD_MAX_ATTEMPTS: int(1, 1000)
    .default(3)
    .describe(
      'runs in a row a failing message thread version is retried by incremental syncs (then given up until it changes; reconcile and full always retry)',
    ),
  HOSTAWAY_VERIFY_THREADS_PER_RUN: int(0, 100_000)
    .default(10)
    .describe('stored message threads a reconcile re-reads in full per account, in turn by conversation id'),
  HOSTAWAY_DELETION_CHECKS_PER_RUN: int(0, 100_000)
    .default(100)
    .describe(
      'rows missing from a complete list that one run asks Hostaway about (`GET` by id; only a 404 marks a row deleted), per resource',
    ),
  HOSTAWAY_SYNC_RUN_RETENTION_DAYS: int(0, 36_500)
    .default(7)
    .describe(
      "days an account keeps its rows in `hostaway.sync_runs`; each run deletes its account's older ones (0 keeps all)",
    ),
  HOSTAWAY_ATTACHMENT_MAX_BYTES: int(1, 2 ** 40)
    .default(25 * 1024 * 1024)
    .describe('largest attachment downloaded; a larger one is recorded as refused with its size')
    .meta({ shown: '`26214400` (25 MiB)' }),
  HOSTAWAY_ATTACHMENTS_DIR: z
    .string()
    .min(1)
    .optional()
    .describe(
      'store attachment files in this directory (by SHA-256) instead of `hostaway.attachment_files.content`',
    )
    .meta({ shown: '(in the database)' }),
  HOSTAWAY_ATTACHMENT_CONCURRENCY: int(1, 64)
    .default(4)
    .describe('attachment downloads at once per account run (at most 10 started per second)'),
  HOSTAWAY_ATTACHMENT_MAX_ATTEMPTS: int(1, 1000)
    .default(5)
    .describe('runs that try a failing download before it is left `failed`'),
  HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS: hostList
    .describe(
      'comma-separated `host` or `host:port` (IPv6 as `[::1]:8080`) that attachment downloads may reach over plain http and at private, loopback or link-local addresses (an internal file host, the simulator)',
    )
    .meta({ shown: '(none)' }),
  // 365 + 730 + today = 1,096 days, the most Hostaway serves in one calendar request.
  HOSTAWAY_CALENDAR_DAYS_BACK: int(0, 365)
    .default(30)
    .describe('days before today (UTC) the calendar window starts (0–365)'),
  HOSTAWAY_CALENDAR_DAYS_AHEAD: int(0, 730)
    .default(365)
    .describe('days after today (UTC) the calendar window ends (0–730)'),
  HOSTAWAY_FINANCE_FIELDS_VERIFY_PER_RUN: int(0, 100_000)
    .default(100)
    .describe(
      'stored reservations whose finance fields a `sync reconcile` re-reads besides the changed ones, oldest read first',
    ),
  HOSTAWAY_UNAVAILABLE_REPROBE_SECONDS: int(60, 30 * DAY_SECONDS)
    .default(DAY_SECONDS)
    .describe(
      'how often a sync tries again an optional resource the account cannot use (403 with a fresh token, 404 on its list; 60 s to 30 days)',
    ),
  HOSTAWAY_WEBHOOK_POLL_SECONDS: int(60, DAY_SECONDS)
    .default(3600)
    .describe(
      'how often incremental syncs poll reservations and threads of an account in webhook mode (its deliveries proved healthy; see [Webhooks](#webhooks)); 60 s to a day',
    ),
  HOSTAWAY_WEBHOOK_LISTINGS_POLL_SECONDS: int(0, DAY_SECONDS)
    .default(0)
    .describe(
      'how often incremental syncs poll the listings of an account in webhook mode (Hostaway sends no listing webhooks); 0: every run. At 3600 a fleet of webhook-mode accounts needs about a third of the egress pools (see [Running at scale](#running-at-scale)), and a listing change reaches the mirror within the hour',
    ),
  HOSTAWAY_WEBHOOK_HEALTHY_DELIVERIES: int(0, 10_000)
    .default(3)
    .describe(
      'webhook deliveries an account must receive (since it was last tightened to polling) before a clean poll puts it in webhook mode',
    ),
  HOSTAWAY_COMPLETE_LIST_SECONDS: int(HOUR_SECONDS, 30 * DAY_SECONDS)
    .default(DAY_SECONDS)
    .describe(
      'how often a list read by a date window (`reviews`, `tasks`) is read whole instead: only that pass sees changes outside the window and marks deletions (1 hour to 30 days; see [Resources](#resources))',
    ),
  HOSTAWAY_RESOURCE_CADENCES: resourceCadences()
    .describe(
      'how often incremental syncs take each optional resource, e.g. `calendar=15m,reviews=1h` (see [Resources](#resources))',
    )
    .meta({ shown: 'per resource' }),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error', 'silent'])
    .default('info')
    .describe('`debug`, `info`, `warn`, `error`, `silent`')
    .meta({ shown: '`info` (`warn` on a terminal)' }),
  LOG_FORMAT: z
    .enum(['json', 'pretty'])
    .optional()
    .describe('`json` or `pretty`')
    .meta({ shown: '`pretty` on a terminal, else `json`' }),
  HOSTAWAY_CLIENT_SECRET: z
    .string()
    .optional()
    .describe('client secret for `accounts add/update` instead of a prompt or stdin'),
  HOSTAWAY_SYNC_ENCRYPTION_KEY: encryptionKey
    .optional()
    .describe(
      '32 random bytes, base64 (`openssl rand -base64 32`) or 64 hex characters: encrypts stored client secrets and access tokens (see [Secrets](#secrets))',
    ),
  HOSTAWAY_SYNC_PREVIOUS_ENCRYPTION_KEYS: encryptionKeyList.describe(
    'comma-separated earlier keys, only read (never written) until `accounts rotate-key`',
  ),
  HOSTAWAY_WEBHOOK_LOGIN: z
    .string()
    .regex(/^[^:\s]+$/, 'must not contain ":" or whitespace')
    .optional()
    .describe('webhook Basic login accepted for every account (with the password below)'),
  HOSTAWAY_WEBHOOK_PASSWORD: z
    .string()
    .optional()
    .describe('its password; also the default of `--webhook-password-stdin`'),
  WEBHOOK_HOST: z.string().min(1).default('0.0.0.0').describe('address `webhook serve` listens on'),
  WEBHOOK_PORT: int(0, 65_535).default(8080).describe('port `webhook serve` listens on'),
  WEBHOOK_RETENTION_DAYS: int(0, 3650)
    .default(7)
    .describe('applied webhook events older than this are pruned (`0` keeps them)'),
  WEBHOOK_REFETCH: z
    .enum(['auto', 'always'])
    .default('auto')
    .describe('`auto` re-fetches reservation excerpts only, `always` every reservation'),
  WEBHOOK_AUTH_MAX_FAILURES: int(0, 1_000_000)
    .default(10)
    .describe('failed webhook logins per client and account before `429` (`0` turns it off)'),
  WEBHOOK_AUTH_WINDOW_MS: int(SECOND_MS, DAY_MS)
    .default(MINUTE_MS)
    .describe('window of `WEBHOOK_AUTH_MAX_FAILURES`, in milliseconds'),
  WEBHOOK_TRUST_PROXY: flag('false', 'must be true or false').describe(
    '`true`: identify clients by the last `X-Forwarded-For` entry (behind a proxy)',
  ),
  NO_COLOR: z.string().optional().describe('any value turns colours off'),
});

export type SettingName = keyof typeof SETTINGS.shape;
export type SettingValues = z.output<typeof SETTINGS>;
