import { buildFromTemplate, type HostawayRecord } from '../templates/key-template.js';
import { CONVERSATION_KEYS } from '../templates/observed-keys.js';
import { parseHostawayTime, DAY_MS } from '../core/time.js';
import { readNumber, readOptionalString, readString, type GenerationContext } from './account-data.js';
import { planMessages, chooseThreadShape, type ThreadOwner, type ThreadPlan } from './generate-messages.js';
import { newId } from './ids.js';
import { planThread, plannedThreadDates } from './threads.js';
import { FIRST_NAMES, LAST_NAMES } from './vocabulary.js';

/** Who the conversation is with, where, and since when its messages run. */
export interface ConversationSubject {
  reservationId: number | null;
  listing: HostawayRecord;
  channelId: number | null;
  guestName: string;
  guestFirstName: string;
  recipientEmail: string | null;
  recipientPicture: string | null;
  hostEmail: string;
  startMs: number;
}

export function subjectForReservation(
  reservation: HostawayRecord,
  listing: HostawayRecord,
): ConversationSubject {
  const guestName = readString(reservation, 'guestName');
  return {
    reservationId: readNumber(reservation, 'id'),
    listing,
    channelId: readNumber(reservation, 'channelId'),
    guestName,
    guestFirstName: readOptionalString(reservation, 'guestFirstName') ?? guestName.split(' ')[0] ?? guestName,
    recipientEmail: readOptionalString(reservation, 'guestEmail'),
    recipientPicture: readOptionalString(reservation, 'guestPicture'),
    hostEmail: readString(reservation, 'hostProxyEmail'),
    startMs: parseHostawayTime(readString(reservation, 'insertedOn')),
  };
}

export function subjectForOrphan(ctx: GenerationContext, listing: HostawayRecord): ConversationSubject {
  const first = ctx.rng.pick(FIRST_NAMES);
  return {
    reservationId: null,
    listing,
    channelId: null,
    guestName: `${first} ${ctx.rng.pick(LAST_NAMES)}`,
    guestFirstName: first,
    recipientEmail: null,
    recipientPicture: null,
    hostEmail: `c-${ctx.rng.hex(32)}@host.hostaway.info`,
    startMs: ctx.anchorMs - ctx.rng.int(2, 120) * DAY_MS,
  };
}

/**
 * A conversation and its planned thread. The stored conversation keeps `conversationMessages` and `Reservation`
 * as null placeholders (so key order is right); they are filled when served.
 */
export function generateConversation(
  ctx: GenerationContext,
  subject: ConversationSubject,
  plan: ThreadPlan | number,
) {
  const id = newId(ctx, 'conversation');
  const owner: ThreadOwner = {
    conversationId: id,
    reservationId: subject.reservationId,
    listingMapId: readNumber(subject.listing, 'id'),
    channelId: subject.channelId,
    timeZoneName: readString(subject.listing, 'timeZoneName'),
    guestFirstName: subject.guestFirstName,
  };
  const threadPlan = typeof plan === 'number' ? chooseThreadShape(ctx.rng, plan) : plan;
  const specs = planMessages(ctx, threadPlan, subject.startMs);
  const last = [...specs].reverse().find((spec) => spec.status === 'sent');
  const own: HostawayRecord = {
    id,
    accountId: ctx.accountId,
    listingMapId: owner.listingMapId,
    reservationId: subject.reservationId,
    type: subject.channelId === 2018 ? 'host-guest-native' : 'host-guest-email',
    recipientEmail: subject.recipientEmail,
    recipientName: subject.guestName,
    recipientPicture: subject.recipientPicture,
    hostEmail: subject.hostEmail,
    guestEmail: `c-${ctx.rng.hex(32)}@guest.hostaway.info`,
    hasUnreadMessages: last !== undefined && last.isIncoming === 1 && ctx.rng.chance(0.5) ? 1 : 0,
  };
  const conversation = buildFromTemplate(CONVERSATION_KEYS, own, plannedThreadDates(specs));
  return { conversation, thread: planThread(ctx, owner, specs) };
}
