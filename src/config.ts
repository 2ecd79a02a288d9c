import { ConfigError } from './errors.js';
import { resourceCadences } from './settings/resource-cadences.js';
import { SETTINGS, type SettingName, type SettingValues } from './settings/table.js';

/**
 * The configuration, read from the settings table (src/settings/table.ts). `loadConfig` is pure: it takes the
 * environment as a parameter (defaulting to process.env), validates all of it and reports every problem at
 * once. Flags override variables: the CLI passes them as `overrides` with the variable's name as key.
 * A leaf: it imports nothing from the sync engine or the database.
 */
export type EnvVarName = SettingName;
export type Environment = Readonly<Record<string, string | undefined>>;

/** Each variable with its meaning (the README's text). */
export const ENV_VARS = Object.fromEntries(
  Object.entries(SETTINGS.shape).map(([name, schema]) => [name, schema.description ?? '']),
) as Record<EnvVarName, string>;

export interface LoadConfigOptions {
  /** Names `HOSTAWAY_RESOURCE_CADENCES` may use (the optional resources' registry); unset: not checked. */
  resourceNames?: readonly string[];
}

export function loadConfig(
  env: Environment = process.env,
  overrides: Partial<Record<EnvVarName, string | number | undefined>> = {},
  options: LoadConfigOptions = {},
): Config {
  const input: Record<string, unknown> = {};
  for (const name of Object.keys(SETTINGS.shape) as EnvVarName[]) {
    const value = overrides[name] ?? env[name];
    if (value !== undefined && value !== '') input[name] = value;
  }
  const schema = options.resourceNames
    ? SETTINGS.extend({ HOSTAWAY_RESOURCE_CADENCES: resourceCadences(options.resourceNames) })
    : SETTINGS;
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(problems, { hint: 'fix the listed environment variables or flags' });
  }
  return toConfig(parsed.data, env);
}

export type Config = ReturnType<typeof toConfig>;
export type WebhookConfig = Config['webhook'];

function toConfig(v: SettingValues, env: Environment) {
  return {
    databaseUrl: v.DATABASE_URL,
    /** Bounds of every wait on a server database. */
    databaseTimeouts: {
      statementMs: v.DATABASE_STATEMENT_TIMEOUT_MS,
      lockMs: v.DATABASE_LOCK_TIMEOUT_MS,
      idleInTransactionMs: v.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      connectMs: v.DATABASE_CONNECT_TIMEOUT_MS,
    },
    /** Most connections of this process's `pg` pool. */
    databasePoolSize: v.DATABASE_POOL_SIZE,
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
    accountLeaseSeconds: v.HOSTAWAY_SYNC_ACCOUNT_LEASE_SECONDS,
    conversationRelistHours: v.HOSTAWAY_CONVERSATION_RELIST_HOURS,
    conversationSweepPages: v.HOSTAWAY_CONVERSATION_SWEEP_PAGES,
    egressPool: v.HOSTAWAY_EGRESS_POOL,
    backgroundFloor: v.HOSTAWAY_BACKGROUND_FLOOR,
    localAddress: v.HOSTAWAY_LOCAL_ADDRESS,
    /** Seconds between two runs of one account under `--due` scheduling. */
    accountCadenceSeconds: {
      incremental: v.HOSTAWAY_INCREMENTAL_CADENCE_SECONDS,
      reconcile: v.HOSTAWAY_RECONCILE_CADENCE_SECONDS,
    },
    threadMaxAttempts: v.HOSTAWAY_THREAD_MAX_ATTEMPTS,
    verifyThreadsPerRun: v.HOSTAWAY_VERIFY_THREADS_PER_RUN,
    deletionChecksPerRun: v.HOSTAWAY_DELETION_CHECKS_PER_RUN,
    runRetentionDays: v.HOSTAWAY_SYNC_RUN_RETENTION_DAYS,
    /** Seconds between two passes of an optional resource, for those configured (others: their default). */
    resourceCadences: v.HOSTAWAY_RESOURCE_CADENCES as Readonly<Record<string, number>>,
    unavailableReprobeSeconds: v.HOSTAWAY_UNAVAILABLE_REPROBE_SECONDS,
    /** Webhook mode: the long cadence of reservations and threads, and the deliveries that prove health. */
    webhookPollSeconds: v.HOSTAWAY_WEBHOOK_POLL_SECONDS,
    /** Webhook mode: how often listings are polled (0: every run). */
    webhookListingsPollSeconds: v.HOSTAWAY_WEBHOOK_LISTINGS_POLL_SECONDS,
    webhookHealthyDeliveries: v.HOSTAWAY_WEBHOOK_HEALTHY_DELIVERIES,
    /** Seconds between two complete passes of a list otherwise read by date window (src/sync/resources/list-window.ts). */
    completeListSeconds: v.HOSTAWAY_COMPLETE_LIST_SECONDS,
    /** Resources fetched per listing or reservation: the calendar window, finance-field verification. */
    fanOut: {
      calendarDaysBack: v.HOSTAWAY_CALENDAR_DAYS_BACK,
      calendarDaysAhead: v.HOSTAWAY_CALENDAR_DAYS_AHEAD,
      financeFieldsVerifyPerRun: v.HOSTAWAY_FINANCE_FIELDS_VERIFY_PER_RUN,
    },
    /** Message attachment downloads (accounts with `--attachments`). */
    attachments: {
      maxBytes: v.HOSTAWAY_ATTACHMENT_MAX_BYTES,
      dir: v.HOSTAWAY_ATTACHMENTS_DIR,
      concurrency: v.HOSTAWAY_ATTACHMENT_CONCURRENCY,
      maxAttempts: v.HOSTAWAY_ATTACHMENT_MAX_ATTEMPTS,
      allowedHosts: v.HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS,
      /** Downloads leave from the same address as the API requests. */
      localAddress: v.HOSTAWAY_LOCAL_ADDRESS,
    },
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT,
    clientSecret: v.HOSTAWAY_CLIENT_SECRET,
    /** Validated key texts (see src/secrets/key.ts); never logged or printed. */
    encryption: {
      key: v.HOSTAWAY_SYNC_ENCRYPTION_KEY,
      previousKeys: v.HOSTAWAY_SYNC_PREVIOUS_ENCRYPTION_KEYS,
    },
    webhook: webhookConfig(v),
    /** `worker`: its probe and metrics port, and how long without progress its liveness allows. */
    worker: { port: v.HOSTAWAY_SYNC_WORKER_PORT, stallSeconds: v.HOSTAWAY_SYNC_WORKER_STALL_SECONDS },
    noColor: v.NO_COLOR !== undefined,
  };
}

function webhookConfig(v: SettingValues) {
  const login = v.HOSTAWAY_WEBHOOK_LOGIN;
  const password = v.HOSTAWAY_WEBHOOK_PASSWORD;
  return {
    host: v.WEBHOOK_HOST,
    port: v.WEBHOOK_PORT,
    /** One Basic pair accepted for every account besides its own: set when login and password both are. */
    globalCredentials: login !== undefined && password !== undefined ? { login, password } : undefined,
    /** Defaults for `--webhook-login` / `--webhook-password-stdin` (accounts add/update, webhook register). */
    login,
    password,
    retentionDays: v.WEBHOOK_RETENTION_DAYS,
    refetch: v.WEBHOOK_REFETCH,
    /** Failed-login throttle per client: maxFailures within windowMs, then 429 (0 failures: off). */
    authThrottle: { maxFailures: v.WEBHOOK_AUTH_MAX_FAILURES, windowMs: v.WEBHOOK_AUTH_WINDOW_MS },
    /** Identify clients by the last X-Forwarded-For entry (set only behind a proxy that appends it). */
    trustProxy: v.WEBHOOK_TRUST_PROXY,
  };
}

/** `$XDG_DATA_HOME/hostaway-sync`, else `~/.local/share/hostaway-sync` (the XDG base directory default). */
function defaultDataDir(env: Environment): string | undefined {
  const base = env.XDG_DATA_HOME || (env.HOME ? `${env.HOME}/.local/share` : undefined);
  return base ? `${base.replace(/\/+$/, '')}/hostaway-sync` : undefined;
}

/** Every setting at its default: what the engine, the database and the webhook listener use when not told. */
export const CONFIG_DEFAULTS: Config = loadConfig({});
