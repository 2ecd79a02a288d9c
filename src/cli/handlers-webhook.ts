import { runWebhookEvents } from './commands/webhook-events.js';
import { runWebhookRegister } from './commands/webhook-register.js';
import { runWebhookReplay } from './commands/webhook-replay.js';
import { runWebhookUnregister } from './commands/webhook-unregister.js';
import type { WithRuntime } from './handlers.js';
import type { WebhookHandlers } from './program.js';

export function createWebhookHandlers(withRuntime: WithRuntime): WebhookHandlers {
  return {
    // Loaded on demand: the listener pulls in prom-client, which no other command needs.
    webhookServe: (options, globals) =>
      withRuntime(globals, async (rt) =>
        (await import('./commands/webhook-serve.js')).runWebhookServe(rt, options),
      ),
    webhookRegister: (options, globals) => withRuntime(globals, (rt) => runWebhookRegister(rt, options)),
    webhookUnregister: (options, globals) => withRuntime(globals, (rt) => runWebhookUnregister(rt, options)),
    webhookReplay: (options, globals) => withRuntime(globals, (rt) => runWebhookReplay(rt, options)),
    webhookEvents: (options, globals) => withRuntime(globals, (rt) => runWebhookEvents(rt, options)),
  };
}
