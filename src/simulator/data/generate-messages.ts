import type { Rng } from '../core/prng.js';
import { buildFromTemplate, type HostawayRecord } from '../templates/key-template.js';
import { AIRBNB_MESSAGE_METADATA_KEYS, MESSAGE_KEYS } from '../templates/observed-keys.js';
import { formatDateTime, DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '../core/time.js';
import type { GenerationContext } from './account-data.js';
import { messageMetadataId } from './ids.js';
import { GUEST_LINES, HOST_LINES, SCHEDULED_LINES } from './vocabulary.js';

/** What a message needs to know about its conversation. */
export interface ThreadOwner {
  conversationId: number;
  reservationId: number | null;
  listingMapId: number;
  channelId: number | null;
  timeZoneName: string;
  guestFirstName: string;
}

export interface MessageSpec {
  isIncoming: 0 | 1;
  status: string;
  dateMs: number;
  insertedMs: number;
  body: string;
  /** Sent by an automation (communicationId, communicationEvent set). */
  automated?: boolean;
}

/** How a generated thread looks; chosen by the conversation's position so every shape is present. */
export type ThreadPlan = ReturnType<typeof chooseThreadShape>;

export function chooseThreadShape(rng: Rng, index: number) {
  let count = rng.int(1, 8);
  if (index % 100 === 37) count = rng.int(101, 250);
  if (index % 50 === 11) count = 0;
  const scheduled = count > 0 && index % 25 === 5 ? rng.int(1, 2) : 0;
  const problem =
    count > 1 && index % 30 === 7
      ? Math.floor(index / 30) % 2 === 0
        ? 'failed'
        : 'cancelled_by_user'
      : null;
  return { count, scheduled, problem };
}

/**
 * The timeline of a thread (ascending ids): alternating sent messages spread after `startMs`, one of them
 * failed/cancelled when planned, then any scheduled ('awaiting') messages in the future. Cheap: the full
 * message objects are built later, on first use (see threads.ts).
 */
export function planMessages(ctx: GenerationContext, plan: ThreadPlan, startMs: number): MessageSpec[] {
  const { rng, anchorMs } = ctx;
  const endMs = anchorMs - MINUTE_MS;
  const span = Math.min(Math.max(0, endMs - startMs), plan.count * rng.int(20, 600) * MINUTE_MS);
  const meanGap = Math.max(MINUTE_MS, span / Math.max(1, plan.count));
  let at = startMs;
  let incoming: 0 | 1 = rng.chance(0.5) ? 1 : 0;
  const specs: MessageSpec[] = [];
  for (let i = 0; i < plan.count; i += 1) {
    at = Math.min(endMs, at + Math.max(30 * SECOND_MS, Math.floor(meanGap * (0.2 + 1.6 * rng.next()))));
    const dateMs = at - (at % SECOND_MS);
    const problem = plan.problem !== null && i === Math.floor(plan.count / 2);
    const isIncoming: 0 | 1 = problem ? 0 : incoming;
    const status = problem && plan.problem !== null ? plan.problem : 'sent';
    const body = isIncoming === 1 ? rng.pick(GUEST_LINES) : rng.pick(HOST_LINES);
    specs.push({
      isIncoming,
      status,
      dateMs,
      insertedMs: dateMs,
      body,
      automated: i === 0 && isIncoming === 0,
    });
    incoming = incoming === 1 ? 0 : 1;
  }
  for (let k = 0; k < plan.scheduled; k += 1) {
    const dateMs = anchorMs + (2 * k + rng.int(1, 2)) * DAY_MS + 19 * HOUR_MS;
    specs.push({
      isIncoming: 0,
      status: 'awaiting',
      dateMs,
      insertedMs: at - (at % SECOND_MS),
      body: rng.pick(SCHEDULED_LINES),
      automated: true,
    });
  }
  return specs;
}

/** What building a message needs: a random source and the account. */
type MessageContext = Pick<GenerationContext, 'rng' | 'accountId'>;

/** One conversation message with every observed key, in response order. */
export function buildMessage(
  ctx: MessageContext,
  owner: ThreadOwner,
  spec: MessageSpec,
  id: number,
): HostawayRecord {
  const { rng } = ctx;
  const sent = spec.status === 'sent';
  const outgoing = spec.isIncoming === 0;
  const automated = spec.automated === true;
  const seen = spec.isIncoming === 1 && rng.chance(0.8);
  const date = formatDateTime(spec.dateMs);
  const airbnb = owner.channelId === 2018;
  const own: HostawayRecord = {
    id,
    accountId: ctx.accountId,
    listingMapId: owner.listingMapId,
    reservationId: owner.reservationId,
    channelId: owner.channelId,
    conversationId: owner.conversationId,
    communicationId: automated ? rng.int(1000, 9999) : null,
    channelThreadMessageId: airbnb && sent ? String(rng.int(1_000_000_000, 2_000_000_000)) : null,
    subject: owner.channelId === 2000 && outgoing ? 'Your upcoming stay' : null,
    body: spec.body,
    isIncoming: spec.isIncoming,
    isSeen: seen ? 1 : 0,
    isSeenBy: seen ? 'host' : null,
    originatedBy: spec.isIncoming === 1 ? 'guest' : automated ? 'system' : 'host',
    isSeenAt: seen ? formatDateTime(spec.dateMs + rng.int(1, 120) * MINUTE_MS) : null,
    sentUsingHostaway: outgoing ? 1 : 0,
    hash: rng.hex(32),
    listingTimeZoneName: owner.timeZoneName,
    communicationEvent: automated ? rng.pick(['reservation', 'checkin', 'checkout']) : null,
    communicationTimeDeltaSeconds: automated ? -86400 : 0,
    communicationApplyListingTimeZone: automated ? 1 : null,
    communicationAlwaysTrigger: automated ? 0 : null,
    isUnique: automated ? 1 : null,
    AirbnbOfficialMessageMetadata: airbnb && spec.isIncoming === 1 ? metadata(ctx, id, owner, date) : null,
  };
  return buildFromTemplate(MESSAGE_KEYS, own, deliveryFields(spec, owner.channelId, date));
}

/** Status, delivery dates and bookkeeping fields, derived from the spec alone. */
function deliveryFields(spec: MessageSpec, channelId: number | null, date: string): HostawayRecord {
  const sent = spec.status === 'sent';
  const outgoing = spec.isIncoming === 0;
  const attempted = outgoing && (sent || spec.status === 'failed');
  const updatedMs = outgoing && sent ? spec.dateMs + 2 * SECOND_MS : Math.max(spec.insertedMs, spec.dateMs);
  return {
    status: spec.status,
    date,
    sentToChannelDate: outgoing && sent ? formatDateTime(spec.dateMs + 2 * SECOND_MS) : null,
    sentToChannelAttemptDate: attempted ? formatDateTime(spec.dateMs + SECOND_MS) : null,
    messageSource: messageSource(channelId),
    communicationType: channelId === null || channelId === 2000 ? 'email' : 'channel',
    isUniquePerCommunication: 0,
    retryCount: spec.status === 'failed' ? 3 : 0,
    insertedOn: formatDateTime(spec.insertedMs),
    updatedOn: formatDateTime(updatedMs),
    conversationMessageNote: [],
    conversationSnooze: [],
    conversationArchive: [],
  };
}

function metadata(ctx: MessageContext, id: number, owner: ThreadOwner, date: string): HostawayRecord {
  return buildFromTemplate(AIRBNB_MESSAGE_METADATA_KEYS, {
    id: messageMetadataId(id),
    conversationMessageId: id,
    airbnbUserId: ctx.rng.int(10_000_000, 999_999_999),
    userName: owner.guestFirstName,
    insertedOn: date,
    updatedOn: date,
    role: 'guest',
  });
}

function messageSource(channelId: number | null): string {
  if (channelId === 2018) return 'airbnbOfficial';
  if (channelId === 2002) return 'homeaway';
  if (channelId === 2005) return 'bookingcom';
  return 'hostaway';
}
