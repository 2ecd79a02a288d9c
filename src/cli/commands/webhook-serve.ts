import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { ConfigError, describeError } from '../../errors.js';
import { orSetting } from '../../settings/docs.js';
import type { WebhookServer } from '../../webhook/server.js';
import type { Runtime } from '../runtime.js';
import { runtimeSecrets } from '../secrets.js';
import { syncSettings } from '../sync-settings.js';
import { onStopSignal } from '../stop-signal.js';
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
  // A schema behind only warns: /ready answers 503 until `migrate` ran, so pods start in any order.
  const db = await runtime.openDatabase({ schema: 'lenient' });
  if (webhook.password !== undefined && webhook.login === undefined)
    logger.warn('HOSTAWAY_WEBHOOK_PASSWORD is set without HOSTAWAY_WEBHOOK_LOGIN: no global credentials');
  // Loaded on demand: only the listener needs the server and its metrics.
  const { createWebhookServer } = await import('../../webhook/server.js');
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
    settings: syncSettings(runtime.config),
  });
  const stop = onStopSignal(logger, {
    stopping: 'stopping: finishing in-flight requests',
    level: 'info',
    graceMs: null,
  });
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
    await new Promise((resolve) => stop.signal.addEventListener('abort', resolve));
  } finally {
    stop.dispose();
    await server.close();
  }
  logger.info('webhook listener stopped');
  return 0;
}
