import { listingsResource } from './resources/listings.js';
import { reservationsResource } from './resources/reservations.js';
import { threadsResource } from './resources/threads.js';
import type { ResourceSync } from './types.js';

/** Synced in this order: listings first so reservations can be read against them, threads last. */
export const RESOURCES: readonly ResourceSync[] = [listingsResource, reservationsResource, threadsResource];
