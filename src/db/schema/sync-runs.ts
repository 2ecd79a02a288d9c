import { bigserial, index, integer, jsonb, text } from 'drizzle-orm/pg-core';
import { accountIdColumn } from './common-columns.js';
import { hostawaySchema, timestamptz, timestamptzNow } from './hostaway-schema.js';

/** full: read everything; incremental: what changed since the last pass; reconcile: the nightly pass. */
export const SYNC_MODES = ['full', 'incremental', 'reconcile'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export const SYNC_RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed', 'interrupted'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

/** One row per sync run of one account, whatever its outcome. */
export const syncRuns = hostawaySchema.table(
  'sync_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: accountIdColumn(),
    mode: text('mode').$type<SyncMode>().notNull(),
    status: text('status').$type<SyncRunStatus>().notNull(),
    startedAt: timestamptzNow('started_at'),
    finishedAt: timestamptz('finished_at'),
    /** Counts per resource, e.g. `{ "reservations": { "inserted": 3, ... } }`. */
    stats: jsonb('stats').$type<Record<string, unknown>>().notNull().default({}),
    apiRequests: integer('api_requests').notNull().default(0),
    error: text('error'),
  },
  (t) => [index('sync_runs_account_started_idx').on(t.accountId, t.startedAt.desc())],
);

export type SyncRun = typeof syncRuns.$inferSelect;
