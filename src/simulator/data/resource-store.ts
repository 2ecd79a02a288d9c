import { createRng, mixSeed, type Rng } from '../core/prng.js';
import type { ResolvedResourceOptions } from '../core/resource-options.js';
import type { ResourceState } from '../core/resource-state.js';
import type { HostawayRecord } from '../templates/key-template.js';
import { readNumber, type AccountData } from './account-data.js';

export type ResourceKind =
  | 'reviews'
  | 'tasks'
  | 'expenses'
  | 'ownerStatements'
  | 'guestCharges'
  | 'coupons'
  | 'users'
  | 'userGroups'
  | 'messageTemplates'
  | 'cancellationPolicies'
  | 'customFields';

/** What a generator of one resource kind gets: its own random source, the account and the options. */
export interface ResourceContext {
  rng: Rng;
  data: AccountData;
  options: ResolvedResourceOptions;
  /** The account's reservations at first use, id ASC. */
  bookings: HostawayRecord[];
}

export type ResourceGenerator = (ctx: ResourceContext) => HostawayRecord[];

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

/** The further resources of one account, each kind generated on first use. */
export interface AccountResources {
  lists: Map<ResourceKind, Map<number, HostawayRecord>>;
  /** Per reservation id, built on first use. */
  financeFields: Map<number, HostawayRecord[]>;
  /** Calendar overrides per listing id and date. */
  calendar: Map<number, Map<string, HostawayRecord>>;
  /** Attachments per message id once fixed (generated on first serve, or changed by a mutation). */
  attachments: Map<number, StoredAttachment[]>;
  addedAttachments: number;
}

const SALTS: Record<ResourceKind, number> = {
  reviews: 0x7e01,
  tasks: 0x7e02,
  expenses: 0x7e03,
  ownerStatements: 0x7e04,
  guestCharges: 0x7e05,
  coupons: 0x7e06,
  users: 0x7e07,
  userGroups: 0x7e08,
  messageTemplates: 0x7e09,
  cancellationPolicies: 0x7e0a,
  customFields: 0x7e0b,
};

const stores = new WeakMap<AccountData, AccountResources>();

export function storeOf(data: AccountData): AccountResources {
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

/**
 * The records of one kind by id (insertion order = generation order, id ASC), generated on first use from
 * a random source of their own, so the order in which kinds are first used changes nothing.
 */
export function resourceMap(
  state: ResourceState,
  data: AccountData,
  kind: ResourceKind,
  generate: ResourceGenerator,
): Map<number, HostawayRecord> {
  const store = storeOf(data);
  let map = store.lists.get(kind);
  if (map === undefined) {
    const bookings = [...data.reservations.values()].sort(
      (a, b) => readNumber(a, 'id') - readNumber(b, 'id'),
    );
    const rng = createRng(mixSeed(data.seed, SALTS[kind]));
    const records = generate({ rng, data, options: state.options, bookings });
    map = new Map(records.map((record) => [readNumber(record, 'id'), record]));
    store.lists.set(kind, map);
  }
  return map;
}
