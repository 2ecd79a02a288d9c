import { listAccounts } from '../../db/accounts/accounts-repo.js';
import type { Database } from '../../db/database.js';
import { ConfigError, UsageError } from '../../errors.js';
import { inShard } from '../../sync/shard.js';
import type { SyncMode } from '../../sync/types.js';
import type { SyncOptions } from '../commands/sync.js';
import type { Runtime } from '../runtime.js';

/** Flags that need or exclude each other, checked before anything is opened (exit 2). */
export function checkSyncOptions(mode: SyncMode, options: SyncOptions, interactive: boolean): void {
  const example = `hostaway-sync sync ${mode}`;
  if (options.shard && !options.all)
    throw new UsageError('--shard needs --all', { hint: `${example} --all --shard 0/4` });
  for (const flag of ['wait', 'maxDuration'] as const)
    if (options[flag] !== undefined && !options.due)
      throw new UsageError(`--${flag === 'wait' ? 'wait' : 'max-duration'} only goes with --due`, {
        hint: `${example} --due --wait --max-duration 4m`,
      });
  const chosen = (options.account?.length ?? 0) > 0 || options.all || options.due;
  if (!chosen && !interactive)
    throw new UsageError('no account chosen', {
      hint: `pass --account <id> or --all${mode === 'full' ? '' : ' or --due'}`,
    });
}

/** --account N (repeatable), --all (every active account), or a choice on a terminal. */
export async function selectAccounts(
  runtime: Runtime,
  db: Database,
  options: SyncOptions,
): Promise<number[]> {
  if (options.account && options.account.length > 0) return [...new Set(options.account)];
  const active = (await listAccounts(db)).filter((a) => a.isActive);
  const { shard } = options;
  if (options.all) return active.map((a) => a.accountId).filter((id) => !shard || inShard(id, shard));
  if (active.length === 0) {
    throw new ConfigError('there are no active accounts', {
      hint: 'add one with: hostaway-sync accounts add',
    });
  }
  if (active.length === 1) return [active[0]!.accountId];
  const choice = await runtime.io.prompts.select<number | 'all'>({
    message: 'Which account?',
    choices: [
      { name: 'all active accounts', value: 'all' },
      ...active.map((a) => ({ name: `${a.accountId} (${a.customerId})`, value: a.accountId })),
    ],
  });
  return choice === 'all' ? active.map((a) => a.accountId) : [choice];
}
