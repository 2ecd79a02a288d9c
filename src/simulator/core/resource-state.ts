import type { AccountData } from '../data/account-data.js';
import { mixSeed } from './prng.js';
import {
  resolveResourceOptions,
  type ResolvedResourceOptions,
  type ResourceOptions,
} from './resource-options.js';

/** Simulator-wide settings of the further resources and attachment files. */
export interface ResourceState {
  options: ResolvedResourceOptions;
  seed: number;
  /** Added to the injected clock (advanceClock); every simulator time reads nowMs(). */
  clockOffsetMs: number;
  /** Origin of attachment URLs, e.g. http://127.0.0.1:4010; set when the simulator listens. */
  origin: string;
  /** HMAC key of attachment URLs (derived from the seed, so URLs are deterministic too). */
  fileKey: string;
  /** Per account: URLs signed under an older generation are expired (expireAttachmentUrls). */
  urlGenerations: Map<number, number>;
  nowMs(): number;
}

const bound = new WeakMap<AccountData, ResourceState>();

export function createResourceState(
  options: ResourceOptions | undefined,
  seed: number,
  clockMs: () => number,
): ResourceState {
  const state: ResourceState = {
    options: resolveResourceOptions(options),
    seed,
    clockOffsetMs: 0,
    origin: 'http://simulator.invalid',
    fileKey: `files-${mixSeed(seed, 0xf11e).toString(16)}`,
    urlGenerations: new Map(),
    nowMs: () => clockMs() + state.clockOffsetMs,
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
