import type { Database } from '../../db/database.js';
import { checkSchema, runMigrations } from '../../db/migrations/migrate.js';
import { ConfigError, describeError, SchemaTooNewError } from '../../errors.js';
import { createWebhookServer, type WebhookServer } from '../../webhook/server.js';
import { orSetting } from '../../settings/docs.js';
import type { Runtime } from '../runtime.js';
import { runtimeSecrets } from '../secrets.js';
import { type CommandUnknownOpts } from '@commander-js/extra-typings';
import { type OptionsOf, parsePort } from '../support/options.js';

export const configure = (webhook: CommandUnknownOpts) =>
  webhook
    .command('serve')
    .description(
      'run the webhook listener (POST /webhooks/hostaway, GET /health /ready /metrics) until SIGTERM',
    )
    .option('--host <host>', `address to listen on (default: ${orSetting('WEBHOOK_HOST')})`)
    .option('--port <port>', `port to listen on (default: ${orSetting('WEBHOOK_PORT')})`, parsePort)
    .addHelpText('after', '\nExample:\n  DATABASE_URL=postgres://… hostaway-sync webhook serve --port 8080');

type Options = OptionsOf<typeof configure>;

/**
 * A server whose schema is behind still starts (its /ready answers 503 until `migrate` ran, so pods that
 * migrate and those that do not can start in any order); a schema newer than this build does not.
 */
async function prepareSchema(runtime: Runtime, db: Database): Promise<void> {
  const state = await checkSchema(db);
  if (state === 'too-new')
    throw new SchemaTooNewError('the database schema is newer than this build of hostaway-sync', {
      hint: 'upgrade hostaway-sync',
    });
  if (state === 'current') return;
  if (db.kind === 'pglite') await runMigrations(db);
  else
    runtime.logger.warn(
      { schema: state },
      'schema not current: /ready answers 503 until "hostaway-sync migrate" ran',
    );
}

/** Resolves with the first SIGINT/SIGTERM; a second one ends the process at once. */
function onStopSignal(runtime: Runtime) {
  let received: 'SIGINT' | 'SIGTERM' | undefined;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  const handler = (signal: 'SIGINT' | 'SIGTERM') => {
    if (received) process.exit(signal === 'SIGINT' ? 130 : 143);
    received = signal;
    runtime.logger.info(
      { signal },
      'stopping: finishing in-flight requests (send the signal again to quit now)',
    );
    resolveStopped();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    stopped,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

async function listen(server: WebhookServer, port: number, host: string): Promise<string> {
  try {
    return (await server.listen(port, host)).url;
  } catch (error) {
    throw new ConfigError(`cannot listen on ${host}:${port}: ${describeError(error)}`, {
      hint: 'choose another --port (WEBHOOK_PORT) or --host (WEBHOOK_HOST)',
      cause: error,
    });
  }
}

/** Runs the listener until SIGTERM/SIGINT, then shuts down gracefully and exits 0. */
export async function run(runtime: Runtime, options: Options): Promise<number> {
  const { webhook } = runtime.config;
  const { logger } = runtime;
  const db = await runtime.openDatabase({ schema: 'skip' });
  await prepareSchema(runtime, db);
  if (webhook.password !== undefined && webhook.login === undefined)
    logger.warn('HOSTAWAY_WEBHOOK_PASSWORD is set without HOSTAWAY_WEBHOOK_LOGIN: no global credentials');
  const server = createWebhookServer({
    db,
    logger,
    client: runtime.createClient(),
    secrets: runtimeSecrets(runtime),
    globalCredentials: webhook.globalCredentials,
    refetch: webhook.refetch,
    authThrottle: webhook.authThrottle,
    trustProxy: webhook.trustProxy,
    worker: { retentionDays: webhook.retentionDays },
    rateBudget: { limit: runtime.config.rateLimit.perIp, windowMs: runtime.config.rateLimit.windowMs },
    threadMaxAttempts: runtime.config.threadMaxAttempts,
  });
  const stop = onStopSignal(runtime);
  try {
    const url = await listen(server, options.port ?? webhook.port, options.host ?? webhook.host);
    logger.info(
      { url, refetch: webhook.refetch, retentionDays: webhook.retentionDays },
      'webhook listener started',
    );
    if (runtime.human)
      runtime.io.stderr.write(
        `Listening on ${url}: POST /webhooks/hostaway, GET /health /ready /metrics (Ctrl-C stops)\n`,
      );
    await stop.stopped;
  } finally {
    stop.dispose();
    await server.close();
  }
  logger.info('webhook listener stopped');
  return 0;
}
