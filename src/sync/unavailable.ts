import { CONFIG_DEFAULTS } from '../config.js';
import type { SyncState } from '../db/schema/index.js';
import { EndpointForbiddenError, HostawayApiError } from '../errors.js';
import type { Resource } from './resource.js';
import type { SyncSettings } from './types.js';

/**
 * Why an optional resource's failed pass means the account cannot use it, or undefined when it is an
 * ordinary failure: a 403 that a freshly minted token got too while the same token works for the account's
 * other endpoints (`tokenWorks`: an earlier resource of this run made requests and did not fail), or a 404
 * on the resource's list endpoint. A core resource is never unavailable: its 403 stays a credentials error.
 */
export function unavailableReason(
  resource: Pick<Resource, 'listPath'>,
  error: unknown,
  tokenWorks: boolean,
): string | undefined {
  if (error instanceof EndpointForbiddenError && tokenWorks)
    return `Hostaway answered 403 for ${error.path} with a fresh token that works elsewhere`;
  const listPath = resource.listPath;
  if (
    error instanceof HostawayApiError &&
    error.status === 404 &&
    listPath &&
    error.path === `GET ${listPath}`
  )
    return `Hostaway answered 404 for ${error.path}`;
  return undefined;
}

/** When an unavailable resource is next tried (null: it is available). */
export function nextProbeAt(state: SyncState | undefined, settings: SyncSettings): Date | null {
  if (!state?.unavailableSince) return null;
  const checked = state.unavailableCheckedAt ?? state.unavailableSince;
  const seconds = settings.unavailableReprobeSeconds ?? CONFIG_DEFAULTS.unavailableReprobeSeconds;
  return new Date(checked.getTime() + seconds * 1000);
}
