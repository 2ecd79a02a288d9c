import { createRng, mixSeed } from '../core/prng.js';
import type { HostawayRecord } from '../templates/key-template.js';
import { formatDateTime } from '../core/time.js';
import type { AccountData, GenerationContext } from './account-data.js';
import { threadDates } from './thread-summary.js';
import { buildMessage, type MessageSpec, type ThreadOwner } from './generate-messages.js';
import { idOf, newId } from './ids.js';

/**
 * A planned thread whose message objects are not built yet. Ids and timeline are fixed when planned; the
 * remaining values come from a random source seeded by the conversation id, so the objects are the same
 * whenever (and in whatever order) threads are first used.
 */
export type PendingThread = ReturnType<typeof planThread>;

/** Reserves ids for `specs` and returns the pending thread of `owner`'s conversation. */
export function planThread(ctx: GenerationContext, owner: ThreadOwner, specs: MessageSpec[]) {
  const ids = specs.map(() => newId(ctx, 'message'));
  const firstId = ids[0] ?? idOf('message', ctx.accountIndex, ctx.counters.message + 1);
  return { owner, specs, firstId, seed: mixSeed(ctx.seed, owner.conversationId) };
}

/** All messages of a conversation in ascending id order (built on first use); undefined if unknown. */
export function threadMessages(data: AccountData, conversationId: number): HostawayRecord[] | undefined {
  const built = data.messages.get(conversationId);
  if (built !== undefined) return built;
  const pending = data.pendingThreads.get(conversationId);
  if (pending === undefined) return undefined;
  const ctx = { rng: createRng(pending.seed), accountId: data.accountId };
  const messages = pending.specs.map((spec, index) =>
    buildMessage(ctx, pending.owner, spec, pending.firstId + index),
  );
  data.messages.set(conversationId, messages);
  data.pendingThreads.delete(conversationId);
  return messages;
}

export function dropThread(data: AccountData, conversationId: number): void {
  data.messages.delete(conversationId);
  data.pendingThreads.delete(conversationId);
}

/** messageSentOn / messageReceivedOn of a planned thread (the rule of threadDates on built messages). */
export const plannedThreadDates = (specs: readonly MessageSpec[]) =>
  threadDates(specs.map((spec) => ({ ...spec, date: formatDateTime(spec.dateMs) })));
