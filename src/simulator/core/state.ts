import { SimulatorNotFoundError } from './errors.js';
import type { AccountData } from '../data/account-data.js';
import { generateAccount } from '../data/generate-account.js';
import { FIRST_ACCOUNT_ID, MAX_ACCOUNTS, MAX_LISTINGS, MAX_RESERVATIONS } from '../data/ids.js';
import { createRng, mixSeed } from './prng.js';
import { boundedOption } from './resource-options.js';
import { bindResourceState, createResourceState } from './resource-state.js';
import { createFaultQueue } from '../server/faults.js';
import { createPageHookRegistry } from '../server/page-hooks.js';
import { createRateLimiter } from '../server/rate-limiter.js';
import { createStats } from '../server/stats.js';
import { createTokenRegistry } from '../server/tokens.js';
import { createWebhookDispatcher } from '../server/webhook-delivery.js';
import { formatDateTime, startOfUtcDay } from './time.js';
import type { SimulatorOptions } from './types.js';

/** The options with their defaults; the nested option groups are resolved by their own parts. */
export type ResolvedOptions = Required<
  Omit<SimulatorOptions, 'rateLimit' | 'resources' | 'webhookDelivery' | 'logRequests'>
> &
  Pick<SimulatorOptions, 'logRequests'>;

export type SimulatorState = ReturnType<typeof createState>;

const count = boundedOption;

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const reservations = count(options.reservations, 100, 90_000, 'reservations');
  const resolved: ResolvedOptions = {
    seed: count(options.seed, 1, 0xffffffff, 'seed'),
    accounts: count(options.accounts, 1, MAX_ACCOUNTS, 'accounts'),
    listings: count(options.listings, 10, MAX_LISTINGS, 'listings'),
    reservations,
    conversations: count(options.conversations, reservations, 90_000, 'conversations'),
    orphanConversations: count(options.orphanConversations, 0, 9_000, 'orphanConversations'),
    maxLimit: count(options.maxLimit, 500, 1_000_000, 'maxLimit'),
    conversationOrder: options.conversationOrder === 'unsorted' ? 'unsorted' : 'latestSent',
    tokenActivationMs: count(options.tokenActivationMs, 0, 86_400_000, 'tokenActivationMs'),
    now: options.now ?? (() => new Date()),
    logRequests: options.logRequests,
  };
  if (resolved.accounts < 1 || resolved.listings < 1 || resolved.maxLimit < 1) {
    throw new RangeError('simulator options accounts, listings and maxLimit must be at least 1');
  }
  if (resolved.conversations + resolved.orphanConversations > MAX_RESERVATIONS) {
    throw new RangeError(`simulator: at most ${MAX_RESERVATIONS} conversations per account`);
  }
  return resolved;
}

/** Everything one simulator instance holds; shared by the HTTP layer and the programmatic API. */
export function createState(options: SimulatorOptions) {
  const resolved = resolveOptions(options);
  const rng = createRng(mixSeed(resolved.seed, 0xacc0));
  const accounts = Array.from({ length: resolved.accounts }, (_, index) => ({
    accountId: FIRST_ACCOUNT_ID + index,
    clientSecret: rng.hex(64),
  }));
  const secretIds = new Map(accounts.map((account) => [account.accountId, rng.int(10_000, 99_999)]));
  const anchorMs = startOfUtcDay(resolved.now().getTime());
  const generated = new Map<number, AccountData>();
  const resources = createResourceState(options.resources, resolved.seed, () => resolved.now().getTime());
  /** The account's data, generated on first use; undefined for an unknown account. */
  const findAccount = (accountId: number): AccountData | undefined => {
    const index = accountId - FIRST_ACCOUNT_ID;
    if (!Number.isInteger(index) || index < 0 || index >= accounts.length) return undefined;
    let data = generated.get(accountId);
    if (data === undefined) {
      data = generateAccount({ ...resolved, accountIndex: index, accountId, anchorMs });
      generated.set(accountId, data);
      bindResourceState(data, resources);
    }
    return data;
  };
  return {
    options: resolved,
    accounts,
    /** secretId claim per account (stable per seed). */
    secretIds,
    /** Midnight UTC of the creation day: generated history lies before it. */
    anchorMs,
    tokens: createTokenRegistry(),
    limiter: createRateLimiter(options.rateLimit),
    faults: createFaultQueue(),
    /** Actions run after matching responses have been sent. */
    pageHooks: createPageHookRegistry(resolved.logRequests),
    stats: createStats(),
    webhookIds: { next: 1 },
    /** Sends webhooks after mutations (inert unless the webhookDelivery option is given). */
    webhooks: createWebhookDispatcher(
      options.webhookDelivery,
      createRng(mixSeed(resolved.seed, 0x7e6b)),
      () => formatDateTime(resources.nowMs()),
    ),
    /** Calendar, reviews, tasks, finance, attachments: settings, clock offset and URL signing. */
    resources,
    nowMs: resources.nowMs,
    findAccount,
    requireAccount: (accountId: number): AccountData => {
      const data = findAccount(accountId);
      if (data === undefined) throw new SimulatorNotFoundError(`account ${accountId} is not simulated`);
      return data;
    },
  };
}
