/** The library surface of hostaway-sync: everything the CLI uses, without any terminal code. */
export { loadConfig, ENV_VARS, type Config } from './config.js';
export * from './errors.js';
export { createLogger, createSilentLogger, type Logger } from './logger.js';
export { VERSION } from './version.js';
export { createDatabase, type Database, type DatabaseOptions, type Queryable } from './db/database.js';
export { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from './db/database-timeouts.js';
export { runMigrations, checkSchema } from './db/migrations/migrate.js';
export {
  createHostawayClient,
  type HostawayClient,
  type AccountApi,
  type HostawayClientOptions,
} from './hostaway/client.js';
export type * from './hostaway/types.js';
export {
  createAccountSecrets,
  accountSecretsFromConfig,
  type AccountSecrets,
  type AccountSecretsOptions,
} from './secrets/account-secrets.js';
export { createSyncEngine, type SyncEngine, type SyncEngineDeps } from './sync/engine.js';
export type { RunResult, SyncEvent, SyncMode, ResourceResult } from './sync/types.js';
export { createWebhookServer, type WebhookServer, type WebhookServerOptions } from './webhook/server.js';
