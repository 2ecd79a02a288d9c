import {
  markMissingResourceObjects,
  upsertResourceObjects,
  type ResourceObjectInput,
} from '../../db/optional/resource-objects-repo.js';
import { HostawayApiError } from '../../errors.js';
import { PAGE_SIZE, paginateByOffset } from '../../hostaway/paginate.js';
import type { DeletionChecks } from '../confirm-deletions.js';
import { createDeletionRule } from '../deletion-rule.js';
import type { ChangeDetection, DeletionSignal, Resource, ResourceGroup } from '../resource.js';
import { passResult, readWholeList, type PassOutcome } from './complete-pass.js';
import { completePassCursor, isCompletePassDue, windowParams, type ListWindow } from './list-window.js';
import { countWritten } from './count-written.js';
import { toId } from './to-id.js';
import type { ResourceContext, ResourceCounts, ResourceResult } from '../types.js';

type Item = Record<string, unknown>;
type Params = Record<string, string | number>;

/** How Hostaway serves a list. */
export type ListPaging =
  /** limit/offset pages reporting `count`: a pass proves it read everything (distinct ids reach it). */
  | 'paged-count'
  /** limit/offset pages without `count`: the list ends on a short page, which proves nothing. */
  | 'paged'
  /** One unpaged answer holding the whole list: an array of objects, or an object keyed by code. */
  | 'whole';

export type ObjectListSpec = {
  /** The registry name, stored in `resource_objects.resource`. */
  name: string;
  path: string;
  params?: Params;
  paging: ListPaging;
  /** Paged lists whose passes read a date window, all of it only at the complete-pass cadence. */
  window?: ListWindow;
} & (
  | {
      deletion: 'absence';
      /** Asked before an object absent from the list is marked deleted. */
      detailPath: (key: string) => string;
    }
  | { deletion: Exclude<DeletionSignal, 'absence'> }
);

/** A resource that is one Hostaway list stored in `resource_objects` (a registry entry without a module). */
export type ListResourceSpec = ObjectListSpec & {
  group?: ResourceGroup;
  /** What identifies a row, for the README table (`id`, `code`). */
  key: 'id' | 'code';
  changes: ChangeDetection;
  defaultCadenceSeconds: number;
};

export function listResource({
  group,
  key,
  changes,
  defaultCadenceSeconds,
  ...spec
}: ListResourceSpec): Resource {
  if (spec.window !== undefined && (spec.paging === 'whole' || changes !== 'date-window'))
    throw new Error(`${spec.name}: a date window needs a paged list whose changes are 'date-window'`);
  return {
    name: spec.name,
    core: false,
    ...(group === undefined ? {} : { group }),
    endpoint: spec.path,
    table: 'resource_objects',
    key,
    changes,
    deletion: spec.deletion,
    defaultCadenceSeconds,
    requestsPerRun: (size) => listRequests(spec.paging, size.objects),
    listPath: spec.path,
    ...(spec.window === undefined ? {} : { window: spec.window }),
    sync: (ctx) => syncObjectList(ctx, spec),
  };
}

/** Requests one pass over a list of `objects` objects costs (deletion checks not included). */
export function listRequests(paging: ListPaging, objects: number): number {
  if (paging === 'whole') return 1;
  // With a count the last page ends the list. Without one a short page ends it only after a longer one
  // (a short first page could be a cap), else an empty page does.
  if (paging === 'paged-count') return Math.max(1, Math.ceil(objects / PAGE_SIZE));
  if (objects > 0 && objects < PAGE_SIZE) return 2;
  return Math.floor(objects / PAGE_SIZE) + 1;
}

const MARKER_FIELD: Partial<Record<DeletionSignal, string>> = {
  isDeleted: 'isDeleted',
  isCancelled: 'isCancelled',
};

const isObject = (value: unknown): value is Item =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** True when the payload carries the resource's deletion marker (`isDeleted: 1`, `isCancelled: 1`). */
export function isMarkedDeleted(payload: unknown, deletion: DeletionSignal): boolean {
  const field = MARKER_FIELD[deletion];
  if (field === undefined || !isObject(payload)) return false;
  const value = payload[field];
  return value === 1 || value === true || value === '1';
}

/** Writes the objects of one resource as they are read, counting them and remembering the keys seen. */
export interface ObjectSink {
  readonly counts: ResourceCounts;
  readonly seen: Set<string>;
  /** Served objects keyed by their `id` (those without a usable id are skipped), under a parent if given. */
  writeItems(items: readonly unknown[], parentId?: number | null): Promise<void>;
  /** Rows keyed by the caller (code-keyed lists); the deletion marker is read from each payload. */
  writeRows(rows: readonly Omit<ResourceObjectInput, 'deleted'>[]): Promise<void>;
}

export function createObjectSink(
  ctx: ResourceContext,
  resource: string,
  deletion: DeletionSignal,
): ObjectSink {
  const counts = ctx.counts;
  const seen = new Set<string>();
  const target = { ...ctx.account, resource };
  const writeRows = async (rows: readonly Omit<ResourceObjectInput, 'deleted'>[]) => {
    const input = rows.map((row) => ({ ...row, deleted: isMarkedDeleted(row.payload, deletion) }));
    for (const row of input) seen.add(row.key);
    const written = await upsertResourceObjects(ctx.db, target, input);
    countWritten(ctx, counts, written);
  };
  return {
    counts,
    seen,
    writeRows,
    async writeItems(items, parentId = null) {
      counts.fetched += items.length;
      const rows: Omit<ResourceObjectInput, 'deleted'>[] = [];
      for (const item of items) {
        const id = isObject(item) ? toId(item['id']) : null;
        if (id === null) counts.skipped += 1;
        else rows.push({ key: String(id), parentId, payload: item });
      }
      await writeRows(rows);
    },
  };
}

export interface AbsenceCheck {
  resource: string;
  /** Keys the pass saw. */
  seen: ReadonlySet<string>;
  /** Each candidate is marked only once this path answers 404 (within the run's budget). */
  detailPath?: (key: string) => string;
  /** Only rows under these parents (a per-parent resource reconciles the parents it read). */
  parentIds?: readonly number[];
}

/**
 * Marks the resource's rows the pass did not see (and not written since the run started) deleted as the
 * deletion rule decides (src/sync/deletion-rule.ts): after a 404 from the detail path when one is given,
 * else on the whole answer's word unless it left out too many rows, whose deletion is then held.
 */
export async function markAbsentDeleted(
  ctx: ResourceContext,
  check: AbsenceCheck,
): Promise<Pick<ResourceResult, 'deleted' | 'deletionChecks' | 'deletionPending'>> {
  const checks: DeletionChecks = { checked: 0, pending: 0 };
  const { marked } = await markMissingResourceObjects(ctx.db, {
    accountId: ctx.account.accountId,
    resource: check.resource,
    seenKeys: check.seen,
    startedAt: ctx.startedAt,
    ...(check.parentIds === undefined ? {} : { parentIds: check.parentIds }),
    decide: createDeletionRule(ctx, check.detailPath, checks),
  });
  return check.detailPath === undefined
    ? { deleted: marked }
    : { deleted: marked, deletionChecks: checks.checked, deletionPending: checks.pending };
}

/** The rows of a whole answer: an array of objects with ids, or an object keyed by code (bare values). */
async function writeWholeAnswer(sink: ObjectSink, result: unknown, path: string): Promise<void> {
  if (Array.isArray(result)) return sink.writeItems(result);
  if (!isObject(result))
    throw new HostawayApiError(`Hostaway sent an answer of ${path} without a result list`, { path });
  const entries = Object.entries(result);
  sink.counts.fetched += entries.length;
  const rows = entries.filter(([, value]) => value !== null);
  sink.counts.skipped += entries.length - rows.length;
  await sink.writeRows(rows.map(([key, payload]) => ({ key, parentId: null, payload })));
}

/**
 * One pass over a Hostaway list into `resource_objects`: a complete pass, or for a list with a date window
 * a pass over the window unless the complete one is due (src/sync/resources/list-window.ts).
 */
export async function syncObjectList(ctx: ResourceContext, spec: ObjectListSpec): Promise<ResourceResult> {
  if (spec.window === undefined) return syncCompleteList(ctx, spec);
  if (!isCompletePassDue(ctx)) return syncWindow(ctx, spec, spec.window);
  const result = await syncCompleteList(ctx, spec);
  // Deletion checks left for later need another complete pass: the next one is, until none are left.
  if (result.status === 'succeeded' && !result.deletionPending)
    ctx.setCursor(completePassCursor(ctx.startedAt));
  return result;
}

/**
 * A pass over the list's date window: every object it holds stored as a complete pass would, and no
 * deletion marked: what a window leaves out proves nothing (a marker it carries still sets `deleted_at`).
 * Its result is never `complete`.
 */
async function syncWindow(
  ctx: ResourceContext,
  spec: ObjectListSpec,
  window: ListWindow,
): Promise<ResourceResult> {
  const sink = createObjectSink(ctx, spec.name, spec.deletion);
  const params = { ...spec.params, ...windowParams(window, ctx.startedAt) };
  const pass = await readPages(ctx, sink, spec.path, params);
  return { ...passResult(sink.counts, pass, spec.name), complete: false };
}

/** Reads a paged list, or the part of it `params` select, into the sink page by page. */
const readPages = (ctx: ResourceContext, sink: ObjectSink, path: string, params: Params | undefined) =>
  readWholeList(
    ctx,
    () => paginateByOffset<Item>(ctx.api, path, params),
    async (items, total) => {
      await sink.writeItems(items);
      ctx.progress(sink.counts.fetched, total);
    },
  );

/**
 * One pass over a Hostaway list into `resource_objects`: every object stored exactly, written only when it
 * changed, markers setting `deleted_at`. Deletions by absence follow the core tables' proof: a paged list
 * with `count` must be proved complete, a list without one still lets each candidate prove itself with a
 * 404 from its detail path (within the run's budget); a list answered whole proves what it no longer holds
 * gone unless it left out too many stored rows (then their deletion is held: src/sync/deletion-rule.ts).
 */
async function syncCompleteList(ctx: ResourceContext, spec: ObjectListSpec): Promise<ResourceResult> {
  const sink = createObjectSink(ctx, spec.name, spec.deletion);
  let pass: PassOutcome;
  if (spec.paging === 'whole') {
    const envelope = await ctx.api.get<unknown>(spec.path, spec.params);
    await writeWholeAnswer(sink, envelope.result, spec.path);
    ctx.progress(sink.counts.fetched, sink.counts.fetched);
    pass = { total: undefined, distinct: sink.seen.size, complete: true, repairPages: 0 };
  } else {
    pass = await readPages(ctx, sink, spec.path, spec.params);
  }
  const result = passResult(sink.counts, pass, spec.name);
  if (result.status !== 'succeeded') return result;
  if (spec.deletion === 'absence-from-single-answer' && spec.paging === 'whole')
    return { ...result, ...(await markAbsentDeleted(ctx, { resource: spec.name, seen: sink.seen })) };
  if (spec.deletion === 'absence') {
    const check = { resource: spec.name, seen: sink.seen, detailPath: spec.detailPath };
    return { ...result, ...(await markAbsentDeleted(ctx, check)) };
  }
  return result;
}
