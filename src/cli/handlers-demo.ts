import { runDemoCommand } from './commands/demo.js';
import { runSqlCommand } from './commands/sql.js';
import type { WithRuntime } from './handlers.js';
import type { DemoHandlers } from './program.js';

export function createDemoHandlers(withRuntime: WithRuntime): DemoHandlers {
  return {
    demo: (options, globals) => withRuntime(globals, (rt) => runDemoCommand(rt, options)),
    sql: (query, options, globals) => withRuntime(globals, (rt) => runSqlCommand(rt, query, options)),
  };
}
