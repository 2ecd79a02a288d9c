import { listAccounts } from '../../db/accounts-repo.js';
import type { AccountsListOptions } from '../program.js';
import { writeJson } from '../render/output.js';
import { formatTime } from '../render/format-time.js';
import { formatTable } from '../render/table.js';
import type { Runtime } from '../runtime.js';

export async function runAccountsList(runtime: Runtime, options: AccountsListOptions): Promise<number> {
  const db = await runtime.openDatabase();
  const accounts = await listAccounts(db);
  if (options.json) {
    writeJson(runtime, accounts);
    return 0;
  }
  if (accounts.length === 0) {
    runtime.io.stderr.write('no accounts yet; add one with: hostaway-sync accounts add\n');
    return 0;
  }
  const { color } = runtime;
  const rows = accounts.map((a) => [
    a.accountId,
    a.customerId,
    a.isActive ? color.green('yes') : color.yellow('no'),
    formatTime(a.lastSyncAt),
    a.counts.listings,
    a.counts.reservations,
    a.counts.threads,
    a.lastRun?.error ? color.red(a.lastRun.error.slice(0, 60)) : (a.lastRun?.status ?? null),
  ]);
  runtime.io.stdout.write(
    formatTable(
      ['ACCOUNT', 'CUSTOMER', 'ACTIVE', 'LAST SYNC', 'LISTINGS', 'RESERVATIONS', 'THREADS', 'LAST RUN'],
      rows,
    ),
  );
  return 0;
}
