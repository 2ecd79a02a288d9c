import { formatDateTime, DAY_MS, HOUR_MS } from '../core/time.js';
import { buildFromTemplate, type HostawayRecord } from '../templates/key-template.js';
import { TASK_KEYS } from '../templates/operations-templates.js';
import { readNumber, readString } from './account-data.js';
import { dateAtHour, listingLocalTime } from './resource-dates.js';
import { taskId, userGroupId, userId } from './resource-ids.js';
import type { ResourceContext } from './resource-store.js';

const BOOKED = new Set(['new', 'modified']);
const REPAIRS = [
  'Fix dripping tap',
  'Replace smoke detector battery',
  'Deep clean carpets',
  'Service the boiler',
];

/**
 * A cleaning task after every booked stay (`canStartFrom` = check-out day 11:00 UTC, due 4 h later; past
 * ones completed, the rest pending or confirmed) and, every 7th booking, a maintenance task of its listing
 * without a reservation. Tasks have no insertedOn/updatedOn (none documented).
 */
export function generateTasks(ctx: ResourceContext): HostawayRecord[] {
  const tasks: HostawayRecord[] = [];
  ctx.bookings.forEach((booking, index) => {
    if (BOOKED.has(readString(booking, 'status'))) tasks.push(cleaning(ctx, booking, tasks.length + 1));
    if (index % 7 === 3) tasks.push(maintenance(ctx, booking, tasks.length + 1));
  });
  return tasks;
}

function timeZoneOf(ctx: ResourceContext, listingMapId: number): string {
  const tz = ctx.data.listings.get(listingMapId)?.['timeZoneName'];
  return typeof tz === 'string' ? tz : 'UTC';
}

function window(ctx: ResourceContext, listingMapId: number, startMs: number, endMs: number): HostawayRecord {
  const tz = timeZoneOf(ctx, listingMapId);
  return {
    canStartFrom: formatDateTime(startMs),
    canStartFromListingTime: listingLocalTime(startMs, tz),
    shouldEndBy: formatDateTime(endMs),
    shouldEndByListingTime: listingLocalTime(endMs, tz),
  };
}

function progress(ctx: ResourceContext, startMs: number, endMs: number): HostawayRecord {
  const done = endMs < ctx.data.anchorMs;
  const status = done ? 'completed' : ctx.rng.pick(['pending', 'confirmed']);
  return {
    status,
    confirmedAt: status === 'pending' ? null : formatDateTime(startMs - DAY_MS),
    startedAt: done ? formatDateTime(startMs + 15 * 60_000) : null,
    completedAt: done ? formatDateTime(endMs - 30 * 60_000) : null,
    feedbackScore: done && ctx.rng.chance(0.3) ? ctx.rng.int(3, 5) : null,
  };
}

function cleaning(ctx: ResourceContext, booking: HostawayRecord, n: number): HostawayRecord {
  const { data, rng } = ctx;
  const listingMapId = readNumber(booking, 'listingMapId');
  const startMs = dateAtHour(readString(booking, 'departureDate'), 11);
  const endMs = startMs + 4 * HOUR_MS;
  return buildFromTemplate(
    TASK_KEYS,
    window(ctx, listingMapId, startMs, endMs),
    progress(ctx, startMs, endMs),
    {
      id: taskId(data.accountIndex, n),
      listingMapId,
      channelId: readNumber(booking, 'channelId'),
      reservationId: readNumber(booking, 'id'),
      assigneeUserId: userId(data.accountIndex, rng.int(2, Math.max(2, ctx.options.users))),
      canBePickedByGroupId: userGroupId(data.accountIndex, 1),
      createdByUserId: userId(data.accountIndex, 1),
      isUpdatedManually: 0,
      reservationUnitId: 0,
      title: 'Cleaning after check-out',
      description: `Turnover for ${String(booking['guestName'] ?? 'the guest')}`,
      canStartFromEvent: 'departure',
      canStartFromEventDelta: 0,
      shouldEndByEvent: null,
      shouldEndByEventDelta: 0,
      rank: 0,
      checklistItems: [],
      customFieldValue: [],
    },
  );
}

function maintenance(ctx: ResourceContext, booking: HostawayRecord, n: number): HostawayRecord {
  const { data, rng } = ctx;
  const listingMapId = readNumber(booking, 'listingMapId');
  const startMs = dateAtHour(readString(booking, 'arrivalDate'), 9) - rng.int(2, 6) * DAY_MS;
  const endMs = startMs + 2 * DAY_MS;
  const currency = booking['currency'];
  return buildFromTemplate(
    TASK_KEYS,
    window(ctx, listingMapId, startMs, endMs),
    progress(ctx, startMs, endMs),
    {
      id: taskId(data.accountIndex, n),
      listingMapId,
      assigneeUserId: rng.chance(0.7) ? userId(data.accountIndex, 1) : null,
      supervisorUserId: userId(data.accountIndex, 1),
      createdByUserId: userId(data.accountIndex, 1),
      isUpdatedManually: 1,
      reservationUnitId: 0,
      title: rng.pick(REPAIRS),
      priority: rng.int(1, 3),
      cost: rng.int(20, 300),
      costCurrency: typeof currency === 'string' ? currency : 'USD',
      costDescription: 'Parts and labour',
      canStartFromEventDelta: 0,
      shouldEndByEventDelta: 0,
      rank: 0,
      checklistItems: [],
      customFieldValue: [],
    },
  );
}
