import type { Config } from '../config.js';
import type { AccountApi } from '../hostaway/client.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { AttachmentSettings } from './attachments/attachment-settings.js';
import type { SyncMode } from '../db/schema/index.js';
import type { FanOutSettings } from './resources/fan-out-settings.js';

export type { SyncMode };

/** Modes that list every row of every resource, and so may prove deletions. */
export const isCompleteListMode = (mode: SyncMode): boolean => mode !== 'incremental';
/** The three resources every account syncs on every run. */
export type CoreResourceName = 'listings' | 'reservations' | 'threads';
/** A resource's registry name (src/sync/registry.ts). */
export type ResourceName = CoreResourceName | (string & {});
export type RunStatus = 'succeeded' | 'partial' | 'failed' | 'skipped' | 'interrupted';

export interface ResourceCounts {
  fetched: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Objects without a usable id: not stored, counted here. */
  skipped: number;
  /** Rows marked deleted because a complete full sync no longer saw them upstream. */
  deleted: number;
  /** Threads whose messages could not be fetched (ids in `failedIds`). */
  failed: number;
}

export interface ResourceResult extends ResourceCounts {
  /** `unavailable`: an optional resource the account cannot use (skipped or refused; not a failure). */
  status: 'succeeded' | 'partial' | 'failed' | 'not-run' | 'unavailable';
  error?: string;
  failedIds?: number[];
  /** Threads given up after failing in a row that this pass left untried (their messages may be behind). */
  givenUpIds?: number[];
  /** Threads that belong to no reservation (kept, reported). */
  withoutReservation?: number;
  /** The list total Hostaway reported on the last page read, when it reports one. */
  upstreamTotal?: number;
  /** False when an incremental pass stopped early by design (nothing older can have changed). */
  readAll?: boolean;
  /** A complete-list pass that proved it read every row (distinct ids reached Hostaway's total). */
  complete?: boolean;
  /** Rows missing from a complete pass that Hostaway was asked about (`GET …/{id}`), and that it confirmed gone. */
  deletionChecks?: number;
  /** Rows missing from a complete pass left unchecked this run (over the per-run budget). */
  deletionPending?: number;
  /** Rows an answer left out whose deletion is held until a later pass confirms it (src/sync/deletion-rule.ts). */
  deletionsHeld?: number;
  /** Hostaway requests this resource made in this run (deletion checks included). */
  requests?: number;
  /**
   * Rows this pass found newer upstream than stored (or not stored) although the account has webhooks:
   * changes the webhooks did not deliver (counted only when `ResourceContext.watchWebhooks`).
   */
  missedByWebhooks?: number;
}

/** Per resource of a run (core ones always, optional ones when they ran), by name. */
export type ResourceResults = Record<string, ResourceResult>;

export interface RunResult {
  accountId: number;
  mode: SyncMode;
  status: RunStatus;
  runId: number | null;
  startedAt: string;
  durationMs: number;
  apiRequests: number;
  rateLimited: number;
  rateLimitWaitMs: number;
  resources: ResourceResults;
  error?: { code: string; message: string; exitCode: number };
  /** An account in webhook mode: no resource is due before this time (ISO), so `--due` waits for it. */
  idleUntil?: string;
}

export type SyncEvent =
  | { type: 'run.started'; accountId: number; mode: SyncMode }
  | { type: 'resource.started'; accountId: number; resource: ResourceName }
  | {
      type: 'resource.page';
      accountId: number;
      resource: ResourceName;
      done: number;
      total: number | undefined;
      /** Items due that a per-run cap leaves for later runs (attachments). */
      leftForNextRun?: number;
      apiRequests: number;
      rateLimited: number;
    }
  | { type: 'resource.done'; accountId: number; resource: ResourceName; result: ResourceResult }
  /** Requests of the account began waiting for the rate budget (true), or none waits any more (false). */
  | { type: 'rate.waiting'; accountId: number; waiting: boolean }
  | { type: 'run.finished'; result: RunResult }
  | { type: 'run.failed'; result: RunResult };

export interface SyncAccount {
  accountId: number;
  customerId: string;
  /** 'webhook': reservations and threads are polled on the long cadence (src/sync/webhook-mode/). */
  webhookMode?: string;
  /** Set when the listener accepts webhooks for the account: its passes then count missed changes. */
  webhookLogin?: string | null;
}

/** The engine's slice of `Config` (src/settings/table.ts says what each one means). */
export const SYNC_SETTING_KEYS = [
  'conversationRelistHours',
  'conversationSweepPages',
  'threadMaxAttempts',
  'verifyThreadsPerRun',
  'deletionChecksPerRun',
  'runRetentionDays',
  'unavailableReprobeSeconds',
  'resourceCadences',
  'accountLeaseSeconds',
  'webhookPollSeconds',
  'webhookListingsPollSeconds',
  'webhookHealthyDeliveries',
  'completeListSeconds',
] as const satisfies readonly (keyof Config)[];

/**
 * The run's tuning: each unset one is at its default (`CONFIG_DEFAULTS`); a resource without a cadence in
 * `resourceCadences` keeps its `defaultCadenceSeconds`. Attachments add the tuning no variable sets.
 */
export type SyncSettings = Partial<Pick<Config, (typeof SYNC_SETTING_KEYS)[number]>> & {
  attachments?: Partial<AttachmentSettings>;
  fanOut?: Partial<FanOutSettings>;
};

/** What a resource module needs to fetch and write one resource of one account. */
export interface ResourceContext {
  db: Database;
  api: AccountApi;
  account: SyncAccount;
  mode: SyncMode;
  logger: Logger;
  threadConcurrency: number;
  /** Report progress after each page (a capped pass also says how many items it leaves for later runs). */
  progress(done: number, total: number | undefined, leftForNextRun?: number): void;
  /**
   * What this pass has read and written so far, kept up to date as it goes: a pass that ends early (a stop,
   * rejected credentials) is reported with these counts, since what it stored stays stored.
   */
  counts: ResourceCounts;
  /** Throws InterruptedError once a stop was requested; called between pages. */
  checkpoint(): void;
  /** Ids seen upstream in this run (full-sync reconciliation marks the others deleted). */
  seen: Set<number>;
  /** Count the changes webhooks should have delivered first (`ResourceResult.missedByWebhooks`). */
  watchWebhooks?: boolean;
  /** This resource's cursor as the last successful pass left it (undefined: none yet). */
  cursor: unknown;
  /** The cursor to store once this resource finishes successfully. */
  setCursor(cursor: unknown): void;
  /** Reservations inserted or updated in this run: their threads are fetched again. */
  changedReservations: Set<number>;
  /** When the run row was written (the database's clock): rows written since are never marked deleted. */
  startedAt: Date;
  /** The run's tuning (each setting has its default where it is read). */
  settings: SyncSettings;
}

export function emptyCounts(): ResourceCounts {
  return { fetched: 0, inserted: 0, updated: 0, unchanged: 0, skipped: 0, deleted: 0, failed: 0 };
}

export function addWriteCounts(
  counts: ResourceCounts,
  written: { inserted: number; updated: number; unchanged: number },
): void {
  counts.inserted += written.inserted;
  counts.updated += written.updated;
  counts.unchanged += written.unchanged;
}
