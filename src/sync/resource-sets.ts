import { UsageError } from '../errors.js';
import { RESOURCES } from './registry.js';
import type { ResourceGroup } from './resource.js';

/** Synced when `accounts.download_attachments` is set, not named in `--resources`. */
export const ATTACHMENTS = 'attachments';

/** Names `--resources` accepts, in registry order: every resource but the core ones and attachments. */
export const SELECTABLE_RESOURCES: readonly string[] = RESOURCES.filter(
  (r) => !r.core && r.name !== ATTACHMENTS,
).map((r) => r.name);

const GROUPS: readonly ResourceGroup[] = ['reference', 'operations', 'finance', 'settings'];

/** Names standing for several resources in `--resources`: each registry entry's `group`. */
export const RESOURCE_GROUPS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  GROUPS.map((group) => [group, RESOURCES.filter((r) => r.group === group).map((r) => r.name)]),
);

/**
 * An account's resources when it names none (`accounts.resources` null): the `operations` (reviews, tasks)
 * and `reference` groups. Their cost grows with pages of the list, not with listings or reservations, so a
 * few requests a day (see README "Resources"); resources fetched per listing or per reservation are chosen
 * explicitly.
 */
export const DEFAULT_RESOURCES: readonly string[] = RESOURCES.filter(
  (r) => r.group === 'operations' || r.group === 'reference',
).map((r) => r.name);

const inRegistryOrder = (names: Iterable<string>): string[] => {
  const wanted = new Set(names);
  return SELECTABLE_RESOURCES.filter((name) => wanted.has(name));
};

/**
 * `--resources a,b|all|none|default` (groups allowed, e.g. `reference,calendar`): the names to store, or
 * null for the default set. Unknown names are a usage error listing the valid ones.
 */
export function parseResourceList(text: string): string[] | null {
  const words = text
    .split(',')
    .map((word) => word.trim())
    .filter((word) => word !== '');
  if (words.length === 0) throw resourceUsage(`--resources needs a value`);
  if (words.length === 1 && words[0] === 'default') return null;
  if (words.length === 1 && words[0] === 'none') return [];
  if (words.length === 1 && words[0] === 'all') return [...SELECTABLE_RESOURCES];
  const names: string[] = [];
  const unknown: string[] = [];
  for (const word of words) {
    const group = RESOURCE_GROUPS[word];
    if (group) names.push(...group);
    else if (SELECTABLE_RESOURCES.includes(word)) names.push(word);
    else unknown.push(word);
  }
  if (unknown.length > 0) throw resourceUsage(`unknown resource ${unknown.join(', ')}`);
  return inRegistryOrder(names);
}

function resourceUsage(message: string): UsageError {
  const groups = Object.keys(RESOURCE_GROUPS).join(', ');
  return new UsageError(
    `${message}; valid: all, none, default, groups ${groups}, or ${SELECTABLE_RESOURCES.join(', ')}`,
  );
}

/** The resources beyond the core ones an account syncs, in registry order (unknown stored names are ignored). */
export function enabledResources(account: {
  resources: readonly string[] | null;
  downloadAttachments: boolean;
}): string[] {
  const names = inRegistryOrder(account.resources ?? DEFAULT_RESOURCES);
  return account.downloadAttachments ? [...names, ATTACHMENTS] : names;
}
