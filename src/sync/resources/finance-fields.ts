import {
  listLiveReservationIds,
  listReservationsChangedSince,
  type WrittenReservation,
} from '../../db/optional/fan-out-reads.js';
import type { ResourceContext, ResourceResult, SyncMode } from '../types.js';
import { COMMIT_OVERLAP_MS, writtenSince } from './commit-overlap.js';
import { fanOutSettings } from './fan-out-settings.js';
import { HOUR_SECONDS } from '../../durations.js';
import type { AccountSize, Resource } from '../resource.js';
import { syncPerParent } from './per-parent-objects.js';

/**
 * What a pass leaves for the next: the database's clock when it read the changed reservations (the next
 * pass reads those written since, less `COMMIT_OVERLAP_MS` for late commits), the reservations it read
 * whose `updated_at` falls inside that overlap (read again only when written since), and the last
 * reservation id reconcile's rolling verification read.
 */
interface FinanceCursor {
  changedSince?: string;
  readInOverlap?: Record<string, string>;
  verifiedThrough?: number;
}

function readCursor(cursor: unknown): FinanceCursor & Required<Omit<FinanceCursor, 'changedSince'>> {
  const value = (typeof cursor === 'object' && cursor !== null ? cursor : {}) as FinanceCursor;
  const through = value.verifiedThrough;
  const overlap = value.readInOverlap;
  return {
    changedSince: typeof value.changedSince === 'string' ? value.changedSince : undefined,
    readInOverlap: typeof overlap === 'object' && overlap !== null ? overlap : {},
    verifiedThrough: typeof through === 'number' && Number.isSafeInteger(through) ? through : 0,
  };
}

/** The reservations written inside the overlap before `readAt`, at the version this pass saw. */
function overlapOf(written: readonly WrittenReservation[], readAt: Date): Record<string, string> {
  const from = readAt.getTime() - COMMIT_OVERLAP_MS;
  return Object.fromEntries(written.filter((r) => r.updatedMs >= from).map((r) => [r.id, r.updatedAt]));
}

/**
 * The next `budget` live reservations after the cursor in id order, wrapping to the start, leaving out
 * those read anyway: each pass continues where the last one stopped, so the one read longest ago comes
 * first and every reservation is read again within ceil(reservations / budget) reconcile passes.
 */
export function rollingSlice(
  live: readonly number[],
  after: number,
  budget: number,
  skip: ReadonlySet<number>,
) {
  const candidates = live.filter((id) => !skip.has(id));
  const start = candidates.findIndex((id) => id > after);
  const ordered = start < 0 ? candidates : [...candidates.slice(start), ...candidates.slice(0, start)];
  return ordered.slice(0, Math.max(0, budget));
}

/**
 * Requests one pass costs: full, every live reservation; incremental, the reservations changed since the
 * last pass (taken on every run: those this run wrote; an idle run: 0); reconcile, those plus the
 * verification budget (at most the other live reservations).
 */
export function financeFieldRequests(mode: SyncMode, size: AccountSize, verifyPerRun: number): number {
  if (mode === 'full') return size.reservations;
  if (mode === 'incremental') return size.changedReservations;
  return size.changedReservations + Math.min(verifyPerRun, size.reservations - size.changedReservations);
}

/**
 * Which reservations a pass reads, and the cursor it leaves behind. Changed ones are those written since
 * the last pass read them (by this run, an earlier run that did not take this resource, or a webhook),
 * so a change is never lost while the resource is not due; the first pass reads every live reservation.
 */
async function reservationsToRead(ctx: ResourceContext): Promise<{ ids: number[]; cursor: FinanceCursor }> {
  const previous = readCursor(ctx.cursor);
  const since = ctx.mode === 'full' ? null : writtenSince(previous.changedSince);
  const { written, readAt } = await listReservationsChangedSince(ctx.db, ctx.account.accountId, since);
  // Inside the overlap, what the previous pass read at the same version is not read again.
  const fresh = written.filter((r) => previous.readInOverlap[r.id] !== r.updatedAt).map((r) => r.id);
  const changed = [...new Set([...fresh, ...ctx.changedReservations])].sort((a, b) => a - b);
  const cursor: FinanceCursor = {
    changedSince: readAt.toISOString(),
    readInOverlap: overlapOf(written, readAt),
    verifiedThrough: previous.verifiedThrough,
  };
  if (ctx.mode !== 'reconcile' || since === null) return { ids: changed, cursor };
  const live = await listLiveReservationIds(ctx.db, ctx.account.accountId);
  const budget = fanOutSettings(ctx).financeFieldsVerifyPerRun;
  const verify = rollingSlice(live, previous.verifiedThrough, budget, new Set(changed));
  return {
    ids: [...changed, ...verify],
    cursor: { ...cursor, verifiedThrough: verify.at(-1) ?? previous.verifiedThrough },
  };
}

async function syncFinanceFields(ctx: ResourceContext): Promise<ResourceResult> {
  const { ids, cursor } = await reservationsToRead(ctx);
  const result = await syncPerParent(
    ctx,
    { resource: 'financeFields', path: (id) => `/financeField/${id}`, marker: 'isDeleted' },
    ids,
  );
  ctx.setCursor(cursor);
  return result;
}

/**
 * Finance fields per reservation (`GET /financeField/{reservationId}`, no timestamps, `isDeleted` soft
 * flag): a full pass reads every live reservation, an incremental one the reservations changed since its
 * last pass, a reconcile those plus a rolling budget of the others (HOSTAWAY_FINANCE_FIELDS_VERIFY_PER_RUN),
 * so a field changed without its reservation is read within ceil(reservations / budget) reconciles. The
 * stated cost per run is the incremental one (`changedReservations`); `financeFieldRequests` has every mode.
 */
export const financeFieldsResource: Resource = {
  name: 'financeFields',
  core: false,
  group: 'finance',
  endpoint: '/financeField/{reservationId}',
  table: 'resource_objects',
  key: 'id (parent: reservation)',
  changes: 'changed-parents',
  deletion: 'isDeleted',
  defaultCadenceSeconds: HOUR_SECONDS,
  requestsPerRun: (size) => size.changedReservations,
  sync: syncFinanceFields,
};
