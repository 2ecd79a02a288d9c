import { listLiveReservationIds } from '../../db/fan-out-reads.js';
import type { ResourceContext, ResourceResult, SyncMode } from '../types.js';
import { fanOutSettings } from './fan-out-settings.js';
import { HOUR } from './list-resource.js';
import type { AccountSize, OptionalResourceSync } from './optional-resource.js';
import { syncPerParent } from './per-parent-objects.js';

/** Where the rolling verification of reconcile passes has got to (the last reservation id it read). */
interface VerifyCursor {
  verifiedThrough: number;
}

const readCursor = (cursor: unknown): number => {
  const through = (cursor as Partial<VerifyCursor> | null | undefined)?.verifiedThrough;
  return typeof through === 'number' && Number.isSafeInteger(through) ? through : 0;
};

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
 * Requests one pass costs: full, every live reservation; incremental, the reservations this run changed
 * (an idle run: 0); reconcile, those plus the verification budget (at most the other live reservations).
 */
export function financeFieldRequests(mode: SyncMode, size: AccountSize, verifyPerRun: number): number {
  if (mode === 'full') return size.reservations;
  if (mode === 'incremental') return size.changedReservations;
  return size.changedReservations + Math.min(verifyPerRun, size.reservations - size.changedReservations);
}

/** Which reservations a pass reads, and the cursor it leaves behind. */
async function reservationsToRead(ctx: ResourceContext): Promise<{ ids: number[]; cursor?: VerifyCursor }> {
  const changed = [...ctx.changedReservations].sort((a, b) => a - b);
  if (ctx.mode === 'incremental') return { ids: changed };
  const live = await listLiveReservationIds(ctx.db, ctx.account.accountId);
  if (ctx.mode === 'full') return { ids: live };
  const budget = fanOutSettings(ctx).financeFieldsVerifyPerRun;
  const verify = rollingSlice(live, readCursor(ctx.cursor), budget, new Set(changed));
  const last = verify.at(-1);
  return {
    ids: [...changed, ...verify],
    ...(last === undefined ? {} : { cursor: { verifiedThrough: last } }),
  };
}

async function syncFinanceFields(ctx: ResourceContext): Promise<ResourceResult> {
  const { ids, cursor } = await reservationsToRead(ctx);
  const result = await syncPerParent(
    ctx,
    { resource: 'financeFields', path: (id) => `/financeField/${id}`, marker: 'isDeleted' },
    ids,
  );
  if (cursor !== undefined) ctx.setCursor(cursor);
  return result;
}

/**
 * Finance fields per reservation (`GET /financeField/{reservationId}`, no timestamps, `isDeleted` soft
 * flag): a full pass reads every live reservation, an incremental one the reservations this run wrote, a
 * reconcile those plus a rolling budget of the others (HOSTAWAY_FINANCE_FIELDS_VERIFY_PER_RUN). The stated
 * cost per run is the incremental one (`changedReservations`); see `financeFieldRequests` for every mode.
 */
export const financeFieldsResource: OptionalResourceSync = {
  name: 'financeFields',
  describe: {
    endpoint: '/financeField/{reservationId}',
    table: 'resource_objects',
    key: 'id (parent: reservation)',
    changes: 'changed-parents',
    deletion: 'isDeleted',
    defaultCadenceSeconds: HOUR,
    requestsPerRun: (size) => size.changedReservations,
  },
  fetchAndSync: syncFinanceFields,
};
