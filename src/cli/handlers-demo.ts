import type { WithRuntime } from './handlers.js';
import type { DemoHandlers } from './program.js';

export function createDemoHandlers(_withRuntime: WithRuntime): DemoHandlers {
  return {};
}
