import { Chalk, type ChalkInstance } from 'chalk';
import { loadConfig, type Config, type EnvVarName } from '../config.js';
import { createDatabase, describeDatabase, type Database, type DatabaseOptions } from '../db/database.js';
import { checkSchema, runMigrations } from '../db/migrations/migrate.js';
import { ConfigError, SchemaTooNewError } from '../errors.js';
import { createHostawayClient, type HostawayClient } from '../hostaway/client.js';
import type { RateBudget } from '../hostaway/rate-budget.js';
import { createLogger, type Logger } from '../logger.js';
import { RESOURCES } from '../sync/registry.js';
import { USER_AGENT } from '../version.js';
import type { Io } from './io.js';
import { createSharedBudget } from './shared-budget.js';

/** The root program's options, and a command's --concurrency (it also sizes the connection pool) and --pool. */
export interface GlobalOptions {
  verbose?: boolean;
  color?: boolean;
  dataDir?: string;
  logLevel?: string;
  logFormat?: string;
  concurrency?: number;
  /** A command's --pool: the egress pool whose rate budget the process draws from (`worker`: and serves). */
  pool?: string;
}

/** Everything a command needs, created from flags + environment, and closed once at the end. */
export interface Runtime {
  config: Config;
  logger: Logger;
  io: Io;
  color: ChalkInstance;
  /** Human output (progress, tables) is wanted: stderr is a terminal and logs are not forced to JSON. */
  human: boolean;
  /** `schema`: how `ensureSchema` treats it ('check' by default; 'skip' for the migrate command). */
  openDatabase(options?: { schema?: SchemaCheck }): Promise<Database>;
  createClient(): HostawayClient;
  /**
   * Sends log lines to `write` (progress bars print them above themselves) until called with undefined,
   * which sends them to stderr again.
   */
  routeLogs(write: ((line: string) => void) | undefined): void;
  /** A stop signal: requests waiting for the rate budget fail with `error` instead of waiting on. */
  interruptWaits(error: Error): void;
  close(): Promise<void>;
}

export function createRuntime(globals: GlobalOptions, io: Io): Runtime {
  const overrides: Partial<Record<EnvVarName, string | undefined>> = {
    HOSTAWAY_SYNC_DATA_DIR: globals.dataDir,
    LOG_LEVEL: globals.verbose ? 'debug' : globals.logLevel,
    LOG_FORMAT: globals.logFormat,
    HOSTAWAY_SYNC_CONCURRENCY: globals.concurrency?.toString(),
    HOSTAWAY_EGRESS_POOL: globals.pool,
  };
  const resourceNames = RESOURCES.filter((r) => !r.core).map((r) => r.name);
  const config = loadConfig(io.env, overrides, { resourceNames });
  const terminal = Boolean(io.stderr.isTTY);
  const format = config.logFormat ?? (terminal ? 'pretty' : 'json');
  const human = terminal && format === 'pretty';
  // On a terminal, progress bars carry the news; log lines below warn would tear them.
  const level = config.logLevel === 'info' && human && !io.env.LOG_LEVEL ? 'warn' : config.logLevel;
  const toStderr = (line: string) => void io.stderr.write(line);
  let writeLog: (line: string) => void = toStderr;
  const logger = createLogger({ level, format, write: (line) => writeLog(line) });
  const color = new Chalk({ level: globals.color === false || config.noColor || !terminal ? 0 : 1 });
  const resources: { db?: Database; client?: HostawayClient; budget?: RateBudget } = {};

  return {
    config,
    logger,
    io,
    color,
    human,
    async openDatabase(options = {}) {
      if (config.requireServer && !config.databaseUrl)
        throw new ConfigError(
          'DATABASE_URL is not set, and HOSTAWAY_SYNC_REQUIRE_SERVER refuses the embedded database',
          {
            hint: 'set DATABASE_URL to the PostgreSQL server (this setting is meant for servers, e.g. the image)',
          },
        );
      resources.db ??= await announceAndOpen(
        { io, human, color, logger },
        {
          url: config.databaseUrl,
          dataDir: config.dataDir,
          poolSize: config.databasePoolSize,
          timeouts: config.databaseTimeouts,
        },
      );
      const db = resources.db;
      if (options.schema !== 'skip') await ensureSchema(db, logger, options.schema ?? 'check');
      return db;
    },
    createClient() {
      if (resources.client) return resources.client;
      // With a server database every process of the egress pool shares one budget kept there.
      const budget = config.databaseUrl
        ? createSharedBudget(config, () => this.openDatabase({ schema: 'skip' }))
        : undefined;
      resources.budget = budget;
      resources.client ??= createHostawayClient({
        baseUrl: config.apiBaseUrl,
        rateLimit: config.rateLimit,
        ...(budget ? { budget } : {}),
        ...(config.localAddress ? { localAddress: config.localAddress } : {}),
        http: config.http,
        tokenActivationMs: config.tokenActivationMs,
        logger,
        userAgent: USER_AGENT,
      });
      return resources.client;
    },
    routeLogs(write) {
      writeLog = write ?? toStderr;
    },
    interruptWaits(error) {
      resources.budget?.interrupt?.(error);
    },
    async close() {
      resources.client?.close();
      // The shared budget hands its lease back before the database closes (else it counts until expiry).
      await resources.budget?.close?.();
      await resources.db?.close();
    },
  };
}

/** Says which database is in use (the first line of output) before a new embedded one takes seconds. */
async function announceAndOpen(
  out: Pick<Runtime, 'io' | 'human' | 'color' | 'logger'>,
  options: DatabaseOptions,
): Promise<Database> {
  const target = await describeDatabase(options);
  if (target && out.human) {
    const note = target.creating ? ' (new: creating it takes a few seconds)' : '';
    out.io.stderr.write(`${out.color.dim(`Using ${target.description}${note}`)}\n`);
  } else if (target) out.logger.info({ database: target.description }, 'using database');
  return createDatabase(options);
}

/**
 * 'check': the schema must be current; 'lenient': a server's schema that is behind only warns (the webhook
 * listener, whose /ready answers 503 until then); 'skip': not looked at.
 */
type SchemaCheck = 'check' | 'lenient' | 'skip';

/**
 * The one schema gate. A schema newer than this build is refused; the embedded database migrates itself; a
 * server must be migrated on purpose (`migrate`, the manifests' init containers).
 */
async function ensureSchema(db: Database, logger: Logger, check: 'check' | 'lenient'): Promise<void> {
  const state = await checkSchema(db);
  if (state === 'current') return;
  if (state === 'too-new') {
    throw new SchemaTooNewError('the database schema is newer than this build of hostaway-sync', {
      hint: 'upgrade hostaway-sync',
    });
  }
  if (db.kind === 'pglite') await runMigrations(db);
  else if (check === 'lenient')
    logger.warn(
      { schema: state },
      'schema not current: /ready answers 503 until "hostaway-sync migrate" ran',
    );
  else
    throw new ConfigError('the database schema is missing or out of date', {
      hint: 'run: hostaway-sync migrate',
    });
}
