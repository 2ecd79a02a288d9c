import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from './db/database-timeouts.js';
import { DEFAULT_RUN_RETENTION_DAYS } from './db/runs/sync-runs-repo.js';
import { ConfigError } from './errors.js';
import { ENCRYPTION_KEY_FORMAT, parseEncryptionKey, splitKeyList } from './secrets/key.js';
import { CadenceSyntaxError, parseCadences } from './sync/optional/cadence-setting.js';
import type { FanOutSettings } from './sync/optional/fan-out-settings.js';

/**
 * Every setting the tool reads from the environment. `loadConfig` is pure: it takes the environment as a
 * parameter (defaulting to process.env), validates all of it and reports every problem at once.
 * Flags override variables: the CLI passes them as `overrides` with the variable's name as key.
 */
export const ENV_VARS = {
  DATABASE_URL: 'PostgreSQL connection string; when unset the embedded database is used',
  HOSTAWAY_SYNC_DATA_DIR: 'data directory of the embedded database',
  DATABASE_STATEMENT_TIMEOUT_MS:
    'longest one PostgreSQL statement may run before it fails (exit 75); the client gives up 5 s later (exit 69)',
  DATABASE_LOCK_TIMEOUT_MS: 'longest one PostgreSQL statement may wait for a lock before it fails (exit 75)',
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS:
    'PostgreSQL ends a session left idle inside a transaction this long (a frozen process), releasing its locks',
  DATABASE_CONNECT_TIMEOUT_MS: 'longest wait for a PostgreSQL connection before failing (exit 69)',
  HOSTAWAY_SYNC_REQUIRE_SERVER:
    '1: refuse the embedded database, so a server deployment without DATABASE_URL stops (exit 78) instead of syncing into an empty local one',
  HOSTAWAY_API_BASE_URL: 'Hostaway API base URL',
  HOSTAWAY_RATE_LIMIT_PER_IP:
    'requests per window of the egress pool: shared by every process of the pool with a server database, this process alone with the embedded one',
  HOSTAWAY_RATE_LIMIT_PER_ACCOUNT: 'requests per window per account',
  HOSTAWAY_RATE_LIMIT_WINDOW_MS: 'rate-limit window in milliseconds',
  HOSTAWAY_REQUEST_TIMEOUT_MS: 'timeout of one Hostaway request',
  HOSTAWAY_MAX_RETRIES: 'retries of one Hostaway request before giving up',
  HOSTAWAY_RETRY_BASE_MS: 'base delay of the exponential retry backoff',
  HOSTAWAY_RATE_LIMIT_BACKOFF_MS: 'wait after a 429 without Retry-After',
  HOSTAWAY_RETRY_AFTER_MAX_MS:
    'longest Retry-After honoured; a longer one fails the request as rate limited (exit 75) instead of sleeping',
  HOSTAWAY_TOKEN_ACTIVATION_MS: 'wait after minting a token before using it',
  HOSTAWAY_SYNC_CONCURRENCY: 'accounts synced at once with --all',
  HOSTAWAY_THREAD_CONCURRENCY: 'message threads fetched at once per account',
  HOSTAWAY_CONVERSATION_RELIST_HOURS:
    'an incremental sync lists every conversation when the last complete listing is older than this',
  HOSTAWAY_CONVERSATION_SWEEP_PAGES:
    'conversation pages an incremental sync re-reads beyond the changed ones, in turn through the list (0: none)',
  HOSTAWAY_EGRESS_POOL:
    'name of the egress pool (one public IP or NAT pool) this process sends from; its accounts and rate budget',
  HOSTAWAY_LOCAL_ADDRESS:
    'local IP address Hostaway requests and attachment downloads are sent from (a host with several public IPs runs one pool per address)',
  HOSTAWAY_BACKGROUND_FLOOR:
    'requests per rate window that full and reconcile passes keep while more urgent requests of the pool wait',
  HOSTAWAY_INCREMENTAL_CADENCE_SECONDS: 'with sync incremental --due: how often each account is synced',
  HOSTAWAY_RECONCILE_CADENCE_SECONDS: 'with sync reconcile --due: how often each account is reconciled',
  HOSTAWAY_THREAD_MAX_ATTEMPTS:
    'runs in a row a failing message thread version is retried by incremental syncs (then given up until it changes; reconcile and full always retry)',
  HOSTAWAY_VERIFY_THREADS_PER_RUN:
    'stored message threads a reconcile re-reads in full per account, in turn by conversation id',
  HOSTAWAY_SYNC_RUN_RETENTION_DAYS:
    'days an account keeps its rows in hostaway.sync_runs (older ones are deleted when it next runs; 0 keeps all)',
  HOSTAWAY_DELETION_CHECKS_PER_RUN:
    'rows missing from a complete list that one run asks Hostaway about (GET by id, 404 = deleted), per resource',
  HOSTAWAY_ATTACHMENT_MAX_BYTES: 'largest message attachment downloaded; larger files are refused',
  HOSTAWAY_ATTACHMENTS_DIR: 'keep downloaded attachments in this directory instead of the database',
  HOSTAWAY_ATTACHMENT_CONCURRENCY: 'attachment files downloaded at once per account',
  HOSTAWAY_ATTACHMENT_MAX_ATTEMPTS: 'runs that try a failing attachment download before leaving it',
  HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS:
    'comma-separated host or host:port attachment downloads may reach over plain http and at private, loopback or link-local addresses',
  HOSTAWAY_CALENDAR_DAYS_BACK: 'days before today the synced calendar window starts (0-365)',
  HOSTAWAY_CALENDAR_DAYS_AHEAD: 'days after today the synced calendar window ends (0-730)',
  HOSTAWAY_FINANCE_FIELDS_VERIFY_PER_RUN:
    'stored reservations whose finance fields a reconcile re-reads besides the changed ones, oldest read first',
  HOSTAWAY_UNAVAILABLE_REPROBE_SECONDS:
    'how often a sync tries again an optional resource the account cannot use (403 with a fresh token, 404 on its list)',
  HOSTAWAY_RESOURCE_CADENCES:
    'how often incremental syncs take each optional resource, e.g. calendar=1h,reviews=6h (default: per resource, see README)',
  LOG_LEVEL: 'debug, info, warn, error or silent',
  LOG_FORMAT: 'json or pretty (default: pretty on a terminal, json otherwise)',
  HOSTAWAY_CLIENT_SECRET: 'client secret for accounts add/update instead of a prompt or stdin',
  HOSTAWAY_SYNC_ENCRYPTION_KEY:
    'key encrypting stored client secrets and access tokens: 32 bytes as base64 or 64 hex characters',
  HOSTAWAY_SYNC_PREVIOUS_ENCRYPTION_KEYS:
    'comma-separated earlier keys, used only to read values not yet rotated (accounts rotate-key)',
  HOSTAWAY_WEBHOOK_LOGIN: 'webhook Basic login accepted for every account (with HOSTAWAY_WEBHOOK_PASSWORD)',
  HOSTAWAY_WEBHOOK_PASSWORD:
    'webhook Basic password accepted for every account; also the default of --webhook-password-stdin',
  WEBHOOK_HOST: 'address webhook serve listens on',
  WEBHOOK_PORT: 'port webhook serve listens on',
  WEBHOOK_RETENTION_DAYS: 'applied webhook events older than this are pruned (0 keeps them)',
  WEBHOOK_REFETCH:
    'auto (re-fetch only reservation excerpts) or always (treat every reservation webhook as a hint)',
  WEBHOOK_AUTH_MAX_FAILURES:
    'failed webhook logins allowed per client and account and window before 429 (0: no throttle)',
  WEBHOOK_AUTH_WINDOW_MS: 'window of WEBHOOK_AUTH_MAX_FAILURES in milliseconds',
  WEBHOOK_TRUST_PROXY:
    'true: throttle failed logins by the last X-Forwarded-For entry (only behind a proxy that sets it)',
  NO_COLOR: 'any value turns colours off',
} as const;
export type EnvVarName = keyof typeof ENV_VARS;

/** One HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS entry: a name or IPv4 address, or an IPv6 one in brackets, [:port]. */
const HOST_ENTRY = /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/i;

const int = (min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const httpUrl = z.string().refine((value) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be an http:// or https:// URL');

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/.+/.test(value), 'must be a postgres:// or postgresql:// URL');

const schema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  HOSTAWAY_SYNC_DATA_DIR: z.string().min(1).optional(),
  DATABASE_STATEMENT_TIMEOUT_MS: int(100, 86_400_000).default(DEFAULT_DATABASE_TIMEOUTS.statementMs),
  DATABASE_LOCK_TIMEOUT_MS: int(100, 86_400_000).default(DEFAULT_DATABASE_TIMEOUTS.lockMs),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: int(100, 86_400_000).default(
    DEFAULT_DATABASE_TIMEOUTS.idleInTransactionMs,
  ),
  DATABASE_CONNECT_TIMEOUT_MS: int(100, 600_000).default(DEFAULT_DATABASE_TIMEOUTS.connectMs),
  HOSTAWAY_SYNC_REQUIRE_SERVER: z
    .enum(['true', 'false', '1', '0'], { message: 'must be 1 or 0' })
    .default('0')
    .transform((value) => value === 'true' || value === '1'),
  HOSTAWAY_API_BASE_URL: httpUrl.default('https://api.hostaway.com/v1'),
  HOSTAWAY_RATE_LIMIT_PER_IP: int(1, 10_000).default(15),
  HOSTAWAY_RATE_LIMIT_PER_ACCOUNT: int(1, 10_000).default(20),
  HOSTAWAY_RATE_LIMIT_WINDOW_MS: int(1, 3_600_000).default(10_000),
  HOSTAWAY_REQUEST_TIMEOUT_MS: int(100, 600_000).default(30_000),
  HOSTAWAY_MAX_RETRIES: int(0, 20).default(5),
  HOSTAWAY_RETRY_BASE_MS: int(0, 60_000).default(500),
  HOSTAWAY_RATE_LIMIT_BACKOFF_MS: int(0, 600_000).default(10_000),
  HOSTAWAY_RETRY_AFTER_MAX_MS: int(0, 86_400_000).default(60_000),
  HOSTAWAY_TOKEN_ACTIVATION_MS: int(0, 60_000).default(1_000),
  HOSTAWAY_SYNC_CONCURRENCY: int(1, 64).default(4),
  HOSTAWAY_THREAD_CONCURRENCY: int(1, 64).default(8),
  HOSTAWAY_CONVERSATION_RELIST_HOURS: int(0, 8760).default(24),
  HOSTAWAY_CONVERSATION_SWEEP_PAGES: int(0, 1000).default(1),
  HOSTAWAY_EGRESS_POOL: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be 1-63 letters, digits, ".", "_" or "-"')
    .default('default'),
  HOSTAWAY_LOCAL_ADDRESS: z
    .string()
    .refine((value) => isIP(value) !== 0, 'must be an IPv4 or IPv6 address')
    .optional(),
  HOSTAWAY_BACKGROUND_FLOOR: int(0, 10_000).default(2),
  HOSTAWAY_INCREMENTAL_CADENCE_SECONDS: int(10, 86_400).default(300),
  HOSTAWAY_RECONCILE_CADENCE_SECONDS: int(60, 30 * 86_400).default(86_400),
  HOSTAWAY_THREAD_MAX_ATTEMPTS: int(1, 1000).default(3),
  HOSTAWAY_VERIFY_THREADS_PER_RUN: int(0, 100_000).default(10),
  HOSTAWAY_DELETION_CHECKS_PER_RUN: int(0, 100_000).default(100),
  HOSTAWAY_SYNC_RUN_RETENTION_DAYS: int(0, 36_500).default(DEFAULT_RUN_RETENTION_DAYS),
  HOSTAWAY_ATTACHMENT_MAX_BYTES: int(1, 2 ** 40).default(25 * 1024 * 1024),
  HOSTAWAY_ATTACHMENTS_DIR: z.string().min(1).optional(),
  HOSTAWAY_ATTACHMENT_CONCURRENCY: int(1, 64).default(4),
  HOSTAWAY_ATTACHMENT_MAX_ATTEMPTS: int(1, 1000).default(5),
  HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((host) => host.trim())
        .filter((host) => host !== ''),
    )
    .refine(
      (hosts) => hosts.every((host) => HOST_ENTRY.test(host)),
      'must be comma-separated host names or addresses, each with an optional :port ([::1]:8080 for IPv6)',
    ),
  // 365 + 730 + today = 1,096 days, the most Hostaway serves in one calendar request.
  HOSTAWAY_CALENDAR_DAYS_BACK: int(0, 365).default(30),
  HOSTAWAY_CALENDAR_DAYS_AHEAD: int(0, 730).default(365),
  HOSTAWAY_FINANCE_FIELDS_VERIFY_PER_RUN: int(0, 100_000).default(100),
  HOSTAWAY_UNAVAILABLE_REPROBE_SECONDS: int(60, 30 * 86_400).default(86_400),
  HOSTAWAY_RESOURCE_CADENCES: z
    .string()
    .transform((value, ctx) => {
      try {
        return parseCadences(value);
      } catch (error) {
        if (!(error instanceof CadenceSyntaxError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
        return z.NEVER;
      }
    })
    .default({}),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  HOSTAWAY_CLIENT_SECRET: z.string().optional(),
  // The messages never echo the value: it is a secret.
  HOSTAWAY_SYNC_ENCRYPTION_KEY: z
    .string()
    .refine((value) => parseEncryptionKey(value) !== undefined, ENCRYPTION_KEY_FORMAT)
    .optional(),
  HOSTAWAY_SYNC_PREVIOUS_ENCRYPTION_KEYS: z
    .string()
    .refine(
      (value) => splitKeyList(value).every((key) => parseEncryptionKey(key) !== undefined),
      `each key ${ENCRYPTION_KEY_FORMAT}`,
    )
    .optional(),
  HOSTAWAY_WEBHOOK_LOGIN: z
    .string()
    .regex(/^[^:\s]+$/, 'must not contain ":" or whitespace')
    .optional(),
  HOSTAWAY_WEBHOOK_PASSWORD: z.string().optional(),
  WEBHOOK_HOST: z.string().min(1).default('0.0.0.0'),
  WEBHOOK_PORT: int(0, 65_535).default(8080),
  WEBHOOK_RETENTION_DAYS: int(0, 3650).default(7),
  WEBHOOK_REFETCH: z.enum(['auto', 'always']).default('auto'),
  WEBHOOK_AUTH_MAX_FAILURES: int(0, 1_000_000).default(10),
  WEBHOOK_AUTH_WINDOW_MS: int(1_000, 86_400_000).default(60_000),
  WEBHOOK_TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  NO_COLOR: z.string().optional(),
});

export interface Config {
  databaseUrl: string | undefined;
  /** Bounds of every wait on a server database. */
  databaseTimeouts: DatabaseTimeouts;
  dataDir: string | undefined;
  /** Refuse the embedded database: commands that need one stop without DATABASE_URL. */
  requireServer: boolean;
  apiBaseUrl: string;
  rateLimit: { perIp: number; perAccount: number; windowMs: number };
  http: {
    timeoutMs: number;
    maxRetries: number;
    retryBaseMs: number;
    rateLimitBackoffMs: number;
    retryAfterMaxMs: number;
  };
  tokenActivationMs: number;
  syncConcurrency: number;
  threadConcurrency: number;
  /** Hours after which an incremental sync lists every conversation again (0: always). */
  conversationRelistHours: number;
  /** Conversation pages an incremental sync re-reads in turn through the list (0: none). */
  conversationSweepPages: number;
  /** The egress pool this process sends from (accounts are assigned to pools). */
  egressPool: string;
  localAddress: string | undefined;
  /** Requests per window full/reconcile passes keep while more urgent ones wait (shared budget only). */
  backgroundFloor: number;
  /** Seconds between two runs of one account under `--due` scheduling. */
  cadenceSeconds: { incremental: number; reconcile: number };
  threadMaxAttempts: number;
  verifyThreadsPerRun: number;
  deletionChecksPerRun: number;
  /** Days of sync_runs rows an account keeps (0: all). */
  runRetentionDays: number;
  /** Seconds between two passes of an optional resource, for those configured (others: their default). */
  resourceCadences: Record<string, number>;
  unavailableReprobeSeconds: number;
  /** Resources fetched per listing or reservation: the calendar window, finance-field verification. */
  fanOut: FanOutSettings;
  /** Message attachment downloads (accounts with `--attachments`). */
  attachments: {
    maxBytes: number;
    dir: string | undefined;
    concurrency: number;
    maxAttempts: number;
    allowedHosts: string[];
    /** HOSTAWAY_LOCAL_ADDRESS: downloads leave from the same address as the API requests. */
    localAddress: string | undefined;
  };
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  logFormat: 'json' | 'pretty' | undefined;
  clientSecret: string | undefined;
  /** Validated key texts (see src/secrets/key.ts); never logged or printed. */
  encryption: { key: string | undefined; previousKeys: string[] };
  webhook: WebhookConfig;
  noColor: boolean;
}

export interface WebhookConfig {
  host: string;
  port: number;
  /** One Basic pair accepted for every account besides its own: set when login and password both are. */
  globalCredentials: { login: string; password: string } | undefined;
  /** Defaults for `--webhook-login` / `--webhook-password-stdin` (accounts add/update, webhook register). */
  login: string | undefined;
  password: string | undefined;
  retentionDays: number;
  refetch: 'auto' | 'always';
  /** Failed-login throttle per client: maxFailures within windowMs, then 429 (0 failures: off). */
  authThrottle: { maxFailures: number; windowMs: number };
  /** Identify clients by the last X-Forwarded-For entry (set only behind a proxy that appends it). */
  trustProxy: boolean;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export function loadConfig(
  env: Environment = process.env,
  overrides: Partial<Record<EnvVarName, string | number | undefined>> = {},
): Config {
  const input: Record<string, unknown> = {};
  for (const name of Object.keys(ENV_VARS) as EnvVarName[]) {
    const value = overrides[name] ?? env[name];
    if (value !== undefined && value !== '') input[name] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(problems, { hint: 'fix the listed environment variables or flags' });
  }
  const v = parsed.data;
  return {
    databaseUrl: v.DATABASE_URL,
    databaseTimeouts: {
      statementMs: v.DATABASE_STATEMENT_TIMEOUT_MS,
      lockMs: v.DATABASE_LOCK_TIMEOUT_MS,
      idleInTransactionMs: v.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      connectMs: v.DATABASE_CONNECT_TIMEOUT_MS,
    },
    dataDir: v.HOSTAWAY_SYNC_DATA_DIR ?? defaultDataDir(env),
    requireServer: v.HOSTAWAY_SYNC_REQUIRE_SERVER,
    apiBaseUrl: v.HOSTAWAY_API_BASE_URL.replace(/\/+$/, ''),
    rateLimit: {
      perIp: v.HOSTAWAY_RATE_LIMIT_PER_IP,
      perAccount: v.HOSTAWAY_RATE_LIMIT_PER_ACCOUNT,
      windowMs: v.HOSTAWAY_RATE_LIMIT_WINDOW_MS,
    },
    http: {
      timeoutMs: v.HOSTAWAY_REQUEST_TIMEOUT_MS,
      maxRetries: v.HOSTAWAY_MAX_RETRIES,
      retryBaseMs: v.HOSTAWAY_RETRY_BASE_MS,
      rateLimitBackoffMs: v.HOSTAWAY_RATE_LIMIT_BACKOFF_MS,
      retryAfterMaxMs: v.HOSTAWAY_RETRY_AFTER_MAX_MS,
    },
    tokenActivationMs: v.HOSTAWAY_TOKEN_ACTIVATION_MS,
    syncConcurrency: v.HOSTAWAY_SYNC_CONCURRENCY,
    threadConcurrency: v.HOSTAWAY_THREAD_CONCURRENCY,
    conversationRelistHours: v.HOSTAWAY_CONVERSATION_RELIST_HOURS,
    conversationSweepPages: v.HOSTAWAY_CONVERSATION_SWEEP_PAGES,
    egressPool: v.HOSTAWAY_EGRESS_POOL,
    backgroundFloor: v.HOSTAWAY_BACKGROUND_FLOOR,
    localAddress: v.HOSTAWAY_LOCAL_ADDRESS,
    cadenceSeconds: {
      incremental: v.HOSTAWAY_INCREMENTAL_CADENCE_SECONDS,
      reconcile: v.HOSTAWAY_RECONCILE_CADENCE_SECONDS,
    },
    threadMaxAttempts: v.HOSTAWAY_THREAD_MAX_ATTEMPTS,
    verifyThreadsPerRun: v.HOSTAWAY_VERIFY_THREADS_PER_RUN,
    deletionChecksPerRun: v.HOSTAWAY_DELETION_CHECKS_PER_RUN,
    runRetentionDays: v.HOSTAWAY_SYNC_RUN_RETENTION_DAYS,
    resourceCadences: v.HOSTAWAY_RESOURCE_CADENCES,
    unavailableReprobeSeconds: v.HOSTAWAY_UNAVAILABLE_REPROBE_SECONDS,
    fanOut: {
      calendarDaysBack: v.HOSTAWAY_CALENDAR_DAYS_BACK,
      calendarDaysAhead: v.HOSTAWAY_CALENDAR_DAYS_AHEAD,
      financeFieldsVerifyPerRun: v.HOSTAWAY_FINANCE_FIELDS_VERIFY_PER_RUN,
    },
    attachments: {
      maxBytes: v.HOSTAWAY_ATTACHMENT_MAX_BYTES,
      dir: v.HOSTAWAY_ATTACHMENTS_DIR,
      concurrency: v.HOSTAWAY_ATTACHMENT_CONCURRENCY,
      maxAttempts: v.HOSTAWAY_ATTACHMENT_MAX_ATTEMPTS,
      allowedHosts: v.HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS,
      localAddress: v.HOSTAWAY_LOCAL_ADDRESS,
    },
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT,
    clientSecret: v.HOSTAWAY_CLIENT_SECRET,
    encryption: {
      key: v.HOSTAWAY_SYNC_ENCRYPTION_KEY,
      previousKeys: splitKeyList(v.HOSTAWAY_SYNC_PREVIOUS_ENCRYPTION_KEYS ?? ''),
    },
    webhook: webhookConfig(v),
    noColor: v.NO_COLOR !== undefined,
  };
}

function webhookConfig(v: z.infer<typeof schema>): WebhookConfig {
  const login = v.HOSTAWAY_WEBHOOK_LOGIN;
  const password = v.HOSTAWAY_WEBHOOK_PASSWORD;
  return {
    host: v.WEBHOOK_HOST,
    port: v.WEBHOOK_PORT,
    globalCredentials: login !== undefined && password !== undefined ? { login, password } : undefined,
    login,
    password,
    retentionDays: v.WEBHOOK_RETENTION_DAYS,
    refetch: v.WEBHOOK_REFETCH,
    authThrottle: { maxFailures: v.WEBHOOK_AUTH_MAX_FAILURES, windowMs: v.WEBHOOK_AUTH_WINDOW_MS },
    trustProxy: v.WEBHOOK_TRUST_PROXY,
  };
}

/** `$XDG_DATA_HOME/hostaway-sync`, else `~/.local/share/hostaway-sync` (the XDG base directory default). */
function defaultDataDir(env: Environment): string | undefined {
  const base = env.XDG_DATA_HOME || (env.HOME ? `${env.HOME}/.local/share` : undefined);
  return base ? `${base.replace(/\/+$/, '')}/hostaway-sync` : undefined;
}
