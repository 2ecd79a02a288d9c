import type { OptionalResourceSync } from './optional-resource.js';

/** Every resource beyond the core three, one line each; synced in this order after the core ones. */
export const OPTIONAL_RESOURCES: readonly OptionalResourceSync[] = [];

export function findOptionalResource(name: string): OptionalResourceSync | undefined {
  return OPTIONAL_RESOURCES.find((resource) => resource.name === name);
}
