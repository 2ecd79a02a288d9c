import type { ResolvedOptions } from '../core/state.js';
import { createRng, mixSeed } from '../core/prng.js';
import type { HostawayRecord } from '../templates/key-template.js';
import type { AccountData, GenerationContext } from './account-data.js';
import { readNumber, readString } from './account-data.js';
import { generateConversation, subjectForOrphan, subjectForReservation } from './generate-conversations.js';
import { generateListing } from './generate-listings.js';
import { generateReservations } from './generate-reservations.js';
import { generateResources } from './generate-resources.js';

/** Conversations are tied to reservations (newest reservations first) or, beyond them, orphans. */
export type AccountPlan = Pick<
  ResolvedOptions,
  'seed' | 'listings' | 'reservations' | 'conversations' | 'orphanConversations'
> & { accountIndex: number; accountId: number; anchorMs: number };

/** Generates one account's data. Depends only on the plan, so accounts can be generated lazily. */
export function generateAccount(plan: AccountPlan): AccountData {
  const seed = mixSeed(plan.seed, plan.accountIndex, 0x5eed);
  const ctx: GenerationContext = {
    rng: createRng(seed),
    seed,
    accountId: plan.accountId,
    accountIndex: plan.accountIndex,
    anchorMs: plan.anchorMs,
    counters: { listing: 0, reservation: 0, conversation: 0, message: 0, nested: 0 },
  };
  const listings = Array.from({ length: plan.listings }, () => generateListing(ctx));
  const reservations = generateReservations(ctx, listings, plan.reservations);
  const data: AccountData = {
    ...ctx,
    listings: byId(listings),
    reservations: byId(reservations),
    resources: new Map(reservations.map((r) => [readNumber(r, 'id'), generateResources(ctx, r)])),
    conversations: new Map(),
    messages: new Map(),
    pendingThreads: new Map(),
    webhooks: new Map(),
    cache: new Map(),
  };
  addConversations(data, plan, reservations);
  return data;
}

function addConversations(data: AccountData, plan: AccountPlan, reservations: HostawayRecord[]): void {
  const newestFirst = [...reservations].sort(
    (a, b) =>
      readString(b, 'insertedOn').localeCompare(readString(a, 'insertedOn')) ||
      readNumber(b, 'id') - readNumber(a, 'id'),
  );
  const tied = newestFirst.slice(0, Math.min(plan.conversations, reservations.length));
  const orphans = Math.max(0, plan.conversations - reservations.length) + plan.orphanConversations;
  const listings = [...data.listings.values()];
  let index = 0;
  for (const reservation of tied) {
    const listing = data.listings.get(readNumber(reservation, 'listingMapId'));
    if (listing === undefined) continue;
    store(data, generateConversation(data, subjectForReservation(reservation, listing), index));
    index += 1;
  }
  for (let i = 0; i < orphans; i += 1) {
    store(data, generateConversation(data, subjectForOrphan(data, data.rng.pick(listings)), index));
    index += 1;
  }
}

function store(data: AccountData, generated: ReturnType<typeof generateConversation>): void {
  const id = readNumber(generated.conversation, 'id');
  data.conversations.set(id, generated.conversation);
  data.pendingThreads.set(id, generated.thread);
}

function byId(records: HostawayRecord[]): Map<number, HostawayRecord> {
  return new Map(records.map((record) => [readNumber(record, 'id'), record]));
}
