import { SimulatorInputError, found } from '../core/errors.js';
import { createRng, mixSeed } from '../core/prng.js';
import type { ResourceState } from '../core/resource-state.js';
import { formatDateTime } from '../core/time.js';
import { readNumber, type AccountData } from '../data/account-data.js';
import { checkPatch } from '../data/reservation-mutations.js';
import type { HostawayRecord } from '../templates/key-template.js';
import { FURTHER_LISTS, isGenerated, type GeneratedList } from './lists.js';

/** A stored attachment: the served object (url filled when served) plus what its file needs. */
export interface StoredAttachment {
  object: HostawayRecord;
  sizeBytes: number;
  /** Seed of the file's bytes. */
  seed: number;
  /** Served as the attachment's URL instead of the simulator's own (a hostile or foreign payload). */
  url?: string;
  /** The simulator's file URL answers 302 to this location instead of the bytes. */
  redirectTo?: string;
}

/** The further resources of one account, each generated on first use. */
export interface FurtherStore {
  lists: Map<string, Map<number, HostawayRecord>>;
  /** Per reservation id, built on first use. */
  financeFields: Map<number, HostawayRecord[]>;
  /** Calendar overrides per listing id and date. */
  calendar: Map<number, Map<string, HostawayRecord>>;
  /** Attachments per message id once fixed (generated on first serve, or changed by a mutation). */
  attachments: Map<number, StoredAttachment[]>;
  addedAttachments: number;
}

const stores = new WeakMap<AccountData, FurtherStore>();

export function storeOf(data: AccountData): FurtherStore {
  let store = stores.get(data);
  if (store === undefined) {
    store = {
      lists: new Map(),
      financeFields: new Map(),
      calendar: new Map(),
      attachments: new Map(),
      addedAttachments: 0,
    };
    stores.set(data, store);
  }
  return store;
}

/** The generated list named `name` (its registry name), or a 400 for any other name. */
export function generatedList(name: string): GeneratedList {
  const list = FURTHER_LISTS.find((l) => l.name === name);
  if (list === undefined || !isGenerated(list))
    throw new SimulatorInputError(`no further resource list ${name}`);
  return list;
}

/**
 * The list's objects by id, in served order, generated on first use from a random source of the list's
 * own (salted by its table position), so the order in which lists are first used changes nothing.
 */
export function objectsOf(
  state: ResourceState,
  data: AccountData,
  list: GeneratedList,
): Map<number, HostawayRecord> {
  const store = storeOf(data);
  let objects = store.lists.get(list.name);
  if (objects === undefined) {
    const bookings = [...data.reservations.values()].sort(
      (a, b) => readNumber(a, 'id') - readNumber(b, 'id'),
    );
    const rng = createRng(mixSeed(data.seed, 0x7e01 + FURTHER_LISTS.indexOf(list)));
    const ctx = { rng, data, options: state.options, bookings };
    const [base, perAccount] = list.ids;
    objects = new Map();
    for (let run = 1; run <= list.count(ctx); run += 1) {
      for (const made of [list.template(ctx, run)].flat()) {
        const record = { id: base + data.accountIndex * perAccount + objects.size + 1, ...made };
        objects.set(readNumber(record, 'id'), record);
      }
    }
    store.lists.set(list.name, objects);
  }
  return objects;
}

function requireObject(
  state: ResourceState,
  data: AccountData,
  list: GeneratedList,
  id: number,
): HostawayRecord {
  return found(
    objectsOf(state, data, list).get(id),
    `${list.name} ${id} not found in account ${data.accountId}`,
  );
}

/** Patches an object (keys it has, not `id`); one with `updatedOn` gets it set to now unless the patch sets it. */
export function updateObject(
  state: ResourceState,
  data: AccountData,
  list: GeneratedList,
  id: number,
  patch: Record<string, unknown>,
): HostawayRecord {
  const record = requireObject(state, data, list, id);
  checkPatch(patch, record, list.name);
  if ('updatedOn' in record) record['updatedOn'] = formatDateTime(state.nowMs());
  return Object.assign(record, patch);
}

/** Deletes an object as Hostaway shows it: sets the list's marker to 1, or removes it (then 404). */
export function deleteObject(
  state: ResourceState,
  data: AccountData,
  list: GeneratedList,
  id: number,
): HostawayRecord {
  const marker = list.deletion ?? 'removed';
  if (marker !== 'removed') return updateObject(state, data, list, id, { [marker]: 1 });
  const record = requireObject(state, data, list, id);
  objectsOf(state, data, list).delete(id);
  return record;
}
