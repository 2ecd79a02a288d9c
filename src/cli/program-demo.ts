import type { CommandContext, GlobalOptions } from './program-shared.js';

// The first-run commands (demo, sql) register here.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DemoHandlers {}

export function addDemoCommands(_context: CommandContext, _handlers: DemoHandlers): void {
  void (undefined as unknown as GlobalOptions);
}
