import { InvalidArgumentError, Option, type Command } from 'commander';
import { orSetting } from '../settings/docs.js';
import type { Shard } from '../sync/shard.js';
import type { SyncMode } from '../sync/types.js';
import { parseDurationMsOption } from './program-operate.js';
import { collectInt, parsePositiveInt, type CommandContext, type GlobalOptions } from './program-shared.js';

/** Most shards a fleet splits its accounts into (an Indexed Job's completions). */
export const MAX_SHARDS = 10_000;

/** "i/n" with 0 ≤ i < n ≤ MAX_SHARDS. */
export function parseShard(value: string): Shard {
  const match = /^(\d{1,9})\/(\d{1,9})$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > MAX_SHARDS || index >= count)
    throw new InvalidArgumentError(`expected i/n with 0 <= i < n <= ${MAX_SHARDS}, e.g. 0/4.`);
  return { index, count };
}

const DESCRIPTIONS: Record<SyncMode, string> = {
  full: 'read everything: listings, reservations and every message thread (onboarding and repair)',
  incremental: 'read only what changed since the last run (the first run is a full one)',
  reconcile:
    'the nightly pass: complete lists, proven deletions, changed threads and a rolling verification of the rest',
};

export interface SyncOptions {
  shard?: Shard;
  account?: number[];
  all?: boolean;
  json?: boolean;
  concurrency?: number;
  /** Claim the most overdue accounts of this process's pool until none is due (fleet scheduling). */
  due?: boolean;
  /** With `due`: stop claiming after this many milliseconds. */
  maxDuration?: number;
  /** With `due`: when none is due, wait for the next one until `maxDuration` is up. */
  wait?: boolean;
}

export interface SyncHandlers {
  sync(mode: SyncMode, options: SyncOptions, globals: GlobalOptions): Promise<number>;
}

export function addSyncCommands({ program, globals, done }: CommandContext, handlers: SyncHandlers): void {
  const sync = program.command('sync').description('copy Hostaway data into the database');
  for (const mode of ['full', 'incremental', 'reconcile'] as const) {
    const command = sync
      .command(mode)
      .description(DESCRIPTIONS[mode])
      .option('-a, --account <id>', 'account to sync (repeatable)', collectInt)
      .addOption(new Option('--all', 'every active account').conflicts('account'))
      .option(
        '--shard <i/n>',
        'with --all: only the accounts of shard i of n (account id mod n = i)',
        parseShard,
      )
      .option(
        '--concurrency <n>',
        `accounts synced at once (default: ${orSetting('HOSTAWAY_SYNC_CONCURRENCY')})`,
        parsePositiveInt,
      );
    // Fleet scheduling claims incremental and reconcile runs; a full run is chosen on purpose.
    if (mode !== 'full') addDueOptions(command);
    command
      .option('--json', 'print a machine-readable summary on stdout')
      .addHelpText(
        'after',
        `\nExamples:\n  hostaway-sync sync ${mode} --account 12345\n  hostaway-sync sync ${mode} --all --json` +
          (mode === 'full' ? '' : `\n  hostaway-sync sync ${mode} --due --max-duration 4m`),
      )
      .action((options: SyncOptions) => done(handlers.sync(mode, options, globals())));
  }
}

function addDueOptions(command: Command): void {
  command
    .addOption(
      new Option(
        '--due',
        'claim the most overdue accounts of this pool (HOSTAWAY_EGRESS_POOL) until none is due',
      ).conflicts(['account', 'all', 'shard']),
    )
    .option(
      '--max-duration <duration>',
      'with --due: stop claiming after this long (default: one cadence)',
      parseDurationMsOption,
    )
    .option(
      '--wait',
      'with --due: when no account is due, wait for the next one instead of exiting, until --max-duration is up',
    );
}
