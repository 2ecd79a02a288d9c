import { runAccountsAdd } from './commands/accounts-add.js';
import { runAccountsList } from './commands/accounts-list.js';
import { runAccountsRemove } from './commands/accounts-remove.js';
import { runAccountsRotateKey } from './commands/accounts-rotate-key.js';
import { runAccountsUpdate } from './commands/accounts-update.js';
import { runMigrateCommand } from './commands/migrate.js';
import { runSimulateCommand } from './commands/simulate.js';
import { runStatusCommand } from './commands/status.js';
import { runSyncCommand } from './commands/sync.js';
import { createAttachmentsHandlers } from './handlers-attachments.js';
import { createDemoHandlers } from './handlers-demo.js';
import { createWebhookHandlers } from './handlers-webhook.js';
import type { Io } from './io.js';
import type { GlobalOptions, Handlers } from './program.js';
import { createRuntime, type Runtime } from './runtime.js';

/** Runs a command with a runtime (database pool, HTTP agents) that is always closed afterwards. */
export type WithRuntime = (
  globals: GlobalOptions,
  command: (runtime: Runtime) => Promise<number>,
) => Promise<number>;

export function createHandlers(io: Io): Handlers {
  const withRuntime: WithRuntime = async (globals, command) => {
    const runtime = createRuntime(globals, io);
    try {
      return await command(runtime);
    } finally {
      await runtime.close();
    }
  };
  return {
    migrate: (options, globals) => withRuntime(globals, (rt) => runMigrateCommand(rt, options)),
    status: (options, globals) => withRuntime(globals, (rt) => runStatusCommand(rt, options)),
    simulate: (options, globals) => withRuntime(globals, (rt) => runSimulateCommand(rt, options)),
    accountsAdd: (options, globals) => withRuntime(globals, (rt) => runAccountsAdd(rt, options)),
    accountsUpdate: (id, options, globals) =>
      withRuntime(globals, (rt) => runAccountsUpdate(rt, id, options)),
    accountsList: (options, globals) => withRuntime(globals, (rt) => runAccountsList(rt, options)),
    accountsRemove: (id, options, globals) =>
      withRuntime(globals, (rt) => runAccountsRemove(rt, id, options)),
    accountsRotateKey: (options, globals) => withRuntime(globals, (rt) => runAccountsRotateKey(rt, options)),
    sync: (mode, options, globals) =>
      withRuntime({ ...globals, syncConcurrency: options.concurrency }, (rt) =>
        runSyncCommand(rt, mode, options),
      ),
    ...createWebhookHandlers(withRuntime),
    ...createDemoHandlers(withRuntime),
    ...createAttachmentsHandlers(withRuntime),
  };
}
