import type { WithRuntime } from './handlers.js';
import type { WebhookHandlers } from './program.js';

export function createWebhookHandlers(_withRuntime: WithRuntime): WebhookHandlers {
  return {};
}
