import type { Simulator } from '../../src/simulator/index.js';
import type { MatrixResource } from './conformance-resources.js';
import { servedAsDeleted } from './conformance-resources.js';
import { windowPlace } from './optional-resources.js';

/** Upstream changes the simulator can make to one resource of one account; absent when it cannot. */
export interface UpstreamEdits {
  /** Changes one live object (a new message for threads, a new file for attachments). */
  change?: () => void;
  /** Deletes one live object the way Hostaway shows it for the resource (marker or removal). */
  remove?: () => void;
}

type Row = Record<string, unknown>;
const DAY_MS = 86_400_000;

/** A plain text field of the object to change (no id, date or marker). */
const textField = (row: Row) =>
  Object.keys(row).find(
    (key) => typeof row[key] === 'string' && !/(^id$|Id$|On$|Date|date|At$|^is|url|Url)/.test(key),
  );

/** Edits of a further list by its registry name, through the simulator's generic list methods. */
function listEdits(sim: Simulator, accountId: number, resource: MatrixResource): UpstreamEdits {
  let rows: Row[];
  try {
    rows = sim.listResourceObjects(accountId, resource.name);
  } catch {
    return {};
  }
  const live = rows.find((row) => !servedAsDeleted(row, resource.deletion) && textField(row) !== undefined);
  if (live === undefined) return {};
  const id = Number(live['id']);
  const field = textField(live)!;
  const marker = resource.deletion === 'isDeleted' || resource.deletion === 'isCancelled';
  const removable = resource.deletion !== 'none';
  // A list read by date window sees a change by its next pass only inside the window (outside it, by the
  // complete pass: windowed-lists.test.ts), so the change also brings an object dated outside to today.
  const window = resource.window;
  const dated =
    window === undefined || windowPlace(resource.name, live) === 'inside'
      ? {}
      : { [window.field]: new Date().toISOString().slice(0, 19).replace('T', ' ') };
  return {
    change: () =>
      void sim.updateResourceObject(accountId, resource.name, id, {
        [field]: `${String(live[field])} (changed)`,
        ...dated,
      }),
    ...(removable && {
      remove: () =>
        void (marker
          ? sim.updateResourceObject(accountId, resource.name, id, { [resource.deletion]: 1 })
          : sim.deleteResourceObject(accountId, resource.name, id)),
    }),
  };
}

/** Edits of the resources kept outside the further lists (core ones, per-listing and per-message ones). */
function ownEdits(sim: Simulator, accountId: number, name: string): UpstreamEdits | undefined {
  const listing = sim.listListings(accountId)[0]!;
  const listingId = Number(listing['id']);
  const reservation = sim.listReservations(accountId)[0]!;
  const reservationId = Number(reservation['id']);
  const conversation = sim.listConversations(accountId)[0]!;
  const conversationId = Number(conversation['id']);
  switch (name) {
    case 'listings':
      return {
        change: () => void sim.updateListing(accountId, listingId, { name: 'Changed upstream' }),
        remove: () => sim.deleteListing(accountId, listingId),
      };
    case 'reservations':
      return {
        change: () => void sim.updateReservation(accountId, reservationId, { hostNote: 'Changed upstream' }),
        remove: () => sim.deleteReservation(accountId, reservationId),
      };
    case 'threads':
      return { change: () => void sim.addMessage(accountId, conversationId, { body: 'Changed upstream' }) };
    case 'calendar': {
      const tomorrow = new Date(Date.now() + DAY_MS).toISOString().slice(0, 10);
      return {
        change: () => void sim.updateCalendar(accountId, listingId, { startDate: tomorrow, price: 999 }),
      };
    }
    case 'financeFields': {
      const field = sim.listFinanceFields(accountId, reservationId).find((f) => f['isDeleted'] !== 1);
      if (field === undefined) return {};
      const fieldId = Number(field['id']);
      // Hostaway changes the reservation with its fees: the change shows on the reservation too.
      const touch = () => void sim.updateReservation(accountId, reservationId, { hostNote: 'Fees changed' });
      return {
        change: () => (
          sim.updateFinanceField(accountId, reservationId, fieldId, { title: 'Changed' }),
          touch()
        ),
        remove: () => (sim.deleteFinanceField(accountId, reservationId, fieldId), touch()),
      };
    }
    case 'listingFeeSettings': {
      const owner = sim
        .listListings(accountId)
        .find((l) => ((l['listingFeeSetting'] as Row[]) ?? []).length > 0);
      if (owner === undefined) return {};
      const fees = owner['listingFeeSetting'] as Row[];
      const field = textField(fees[0]!) ?? 'name';
      const set = (next: Row[]) =>
        void sim.updateListing(accountId, Number(owner['id']), { listingFeeSetting: next });
      return {
        change: () => set(fees.map((fee, i) => (i === 0 ? { ...fee, [field]: 'Changed upstream' } : fee))),
        remove: () => set(fees.slice(1)),
      };
    }
    case 'attachments': {
      const message = sim.listMessages(accountId, conversationId)[0]!;
      return { change: () => void sim.addAttachment(accountId, conversationId, Number(message['id'])) };
    }
    default:
      return undefined;
  }
}

/** What the simulator can change and delete of the resource (the further lists by their registry name). */
export function upstreamEdits(sim: Simulator, accountId: number, resource: MatrixResource): UpstreamEdits {
  return ownEdits(sim, accountId, resource.name) ?? listEdits(sim, accountId, resource);
}
