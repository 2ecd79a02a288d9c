import { DAY_MS, DAY_SECONDS } from '../../durations.js';
import { listStoredSummaries, type StoredSummary } from '../../db/optional/fan-out-reads.js';
import { parseHostawayTime } from '../../hostaway-time.js';
import { paginateByOffset } from '../../hostaway/paginate.js';
import { getUnlessGone } from '../../hostaway/resources.js';
import type { AccountSize, Resource } from '../resource.js';
import type { ResourceContext, ResourceResult, SyncMode } from '../types.js';
import { createObjectSink, listRequests, markAbsentDeleted } from './object-list.js';
import { toId } from './to-id.js';

const RESOURCE = 'ownerStatements';
const LIST_PATH = '/ownerStatements';
/** A statement whose stored detail changed within this many days is read again by reconcile passes. */
export const RECENT_STATEMENT_DAYS = 45;

const detailPath = (key: string) => `/ownerStatement/${key}`;

interface ListedStatement {
  id: number;
  statementName: unknown;
}

/**
 * Which listed statements need their detail read: full passes read all; other passes the new ones (or
 * stored as deleted), the renamed ones (the list carries the name), and reconcile passes also those whose
 * detail changed in the last RECENT_STATEMENT_DAYS: a statement of a closed month rarely changes, a fresh
 * one is still being adjusted.
 */
export function statementsToRead(
  mode: SyncMode,
  listed: readonly ListedStatement[],
  stored: ReadonlyMap<string, StoredSummary>,
  now: Date,
): ListedStatement[] {
  if (mode === 'full') return [...listed];
  const recentSince = now.getTime() - RECENT_STATEMENT_DAYS * DAY_MS;
  return listed.filter((item) => {
    const known = stored.get(String(item.id));
    if (known === undefined || known.deleted) return true;
    if (typeof item.statementName === 'string' && item.statementName !== known.name) return true;
    const updatedAt = parseHostawayTime(known.updatedOn); // unreadable: may be recent
    return mode === 'reconcile' && (updatedAt === undefined || updatedAt >= recentSince);
  });
}

/** Requests a full pass costs: the list pages (no `count`: the last page is short or empty) and every detail. */
export const ownerStatementFullRequests = (size: AccountSize) =>
  listRequests('paged', size.objects) + size.objects;

async function listStatements(ctx: ResourceContext): Promise<{ listed: ListedStatement[]; skipped: number }> {
  const listed = new Map<number, ListedStatement>();
  let skipped = 0;
  for await (const page of paginateByOffset<Record<string, unknown>>(ctx.api, LIST_PATH)) {
    for (const item of page.items) {
      const id = toId(item['id']);
      if (id === null) skipped += 1;
      else listed.set(id, { id, statementName: item['statementName'] });
    }
    ctx.checkpoint();
  }
  return { listed: [...listed.values()], skipped };
}

/** One statement's detail; undefined for a 404 (deleted since it was listed). */
async function fetchDetail(ctx: ResourceContext, id: number): Promise<unknown> {
  return (await getUnlessGone(ctx.api, detailPath(String(id))))?.result;
}

async function syncOwnerStatements(ctx: ResourceContext): Promise<ResourceResult> {
  const { listed, skipped } = await listStatements(ctx);
  const stored = await listStoredSummaries(ctx.db, {
    ...ctx.account,
    resource: RESOURCE,
    nameField: 'statementName',
  });
  const byKey = new Map(stored.map((s) => [s.key, s]));
  const toRead = statementsToRead(ctx.mode, listed, byKey, ctx.startedAt);
  const sink = createObjectSink(ctx, RESOURCE, 'absence');
  for (const [index, item] of toRead.entries()) {
    ctx.checkpoint();
    const detail = await fetchDetail(ctx, item.id);
    if (detail !== undefined) await sink.writeItems([detail]);
    ctx.progress(index + 1, toRead.length);
  }
  // Listed but not read again: seen all the same (their stored detail stands).
  for (const item of listed) sink.seen.add(String(item.id));
  sink.counts.unchanged += listed.length - toRead.length;
  sink.counts.skipped += skipped;
  // The list reports no count, so it proves nothing; each absent statement proves itself with a 404.
  const deletions = await markAbsentDeleted(ctx, { resource: RESOURCE, seen: sink.seen, detailPath });
  return { ...sink.counts, ...deletions, status: 'succeeded' };
}

/**
 * Owner statements: `GET /ownerStatements` lists only id and name, `GET /ownerStatement/{id}` (singular) has
 * the statement. Every pass reads the list; details only where needed (see `statementsToRead`). A statement
 * no longer listed is marked deleted once its detail path answers 404, within the run's deletion-check
 * budget. Stated cost: the list pages of a pass with nothing new; a full pass adds every detail
 * (`ownerStatementFullRequests`), other passes the new, renamed and (reconcile) recent ones.
 */
export const ownerStatementsResource: Resource = {
  name: RESOURCE,
  core: false,
  group: 'finance',
  endpoint: '/ownerStatements + /ownerStatement/{id}',
  table: 'resource_objects',
  key: 'id',
  changes: 'whole-list',
  deletion: 'absence',
  defaultCadenceSeconds: DAY_SECONDS,
  requestsPerRun: (size) => listRequests('paged', size.objects),
  listPath: LIST_PATH,
  sync: syncOwnerStatements,
};
