import type { CommandContext, GlobalOptions } from './program-shared.js';

// The webhook listener's commands (serve, register, unregister, replay, events) register here.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WebhookHandlers {}

export function addWebhookCommands(_context: CommandContext, _handlers: WebhookHandlers): void {
  void (undefined as unknown as GlobalOptions);
}
