import type { AccountData } from '../data/account-data.js';
import { mixSeed } from './prng.js';
import { resolveResourceOptions, type ResourceOptions } from './resource-options.js';

export type ResourceState = ReturnType<typeof createResourceState>;

const bound = new WeakMap<AccountData, ResourceState>();

/** Simulator-wide settings of the further resources and attachment files. */
export function createResourceState(
  options: ResourceOptions | undefined,
  seed: number,
  clockMs: () => number,
) {
  const state = {
    options: resolveResourceOptions(options),
    seed,
    /** Added to the injected clock (advanceClock); every simulator time reads nowMs(). */
    clockOffsetMs: 0,
    /** Origin of attachment URLs, e.g. http://127.0.0.1:4010; set when the simulator listens. */
    origin: 'http://simulator.invalid',
    /** HMAC key of attachment URLs (derived from the seed, so URLs are deterministic too). */
    fileKey: `files-${mixSeed(seed, 0xf11e).toString(16)}`,
    /** Per account: URLs signed under an older generation are expired (expireAttachmentUrls). */
    urlGenerations: new Map<number, number>(),
    nowMs: (): number => clockMs() + state.clockOffsetMs,
  };
  return state;
}

/** Ties an account's data to its simulator, so views can sign attachment URLs. */
export function bindResourceState(data: AccountData, state: ResourceState): void {
  bound.set(data, state);
}

/** The simulator settings of an account's data; undefined for data generated outside a simulator. */
export function resourceStateOf(data: AccountData): ResourceState | undefined {
  return bound.get(data);
}
