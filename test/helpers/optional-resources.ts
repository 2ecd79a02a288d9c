import type { Database } from '../../src/db/database.js';
import type { Simulator } from '../../src/simulator/index.js';
import { findResource } from '../../src/sync/registry.js';
import { DEFAULT_RESOURCES } from '../../src/sync/resource-sets.js';
import { windowDays } from '../../src/sync/resources/list-window.js';

type Account = { accountId: number; clientSecret: string };

/** A token of the account, minted over the API (counted in the simulator's stats). */
export async function accessToken(baseUrl: string, account: Account): Promise<string> {
  const response = await fetch(`${baseUrl}/accessTokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: String(account.accountId),
      client_secret: account.clientSecret,
      scope: 'general',
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * What the simulator serves for an optional resource, by key (an object's id, or the code of a code-keyed
 * list), read over its API (the resource's endpoint, or `path` for one with a detail route too) in pages of
 * `pageSize` (the simulator's `maxLimit` or less; counted in its stats: reset them afterwards).
 */
export async function servedObjects(
  sim: Simulator,
  account: Account,
  resource: string,
  options: { pageSize?: number; path?: string } = {},
) {
  const endpoint = options.path ?? findResource(resource)!.endpoint;
  const pageSize = options.pageSize ?? 500;
  const headers = { authorization: `Bearer ${await accessToken(sim.baseUrl, account)}` };
  const served = new Map<string, unknown>();
  for (let offset = 0; ; offset += pageSize) {
    const response = await fetch(`${sim.baseUrl}${endpoint}?limit=${pageSize}&offset=${offset}`, { headers });
    const { result } = (await response.json()) as { result: unknown };
    if (!Array.isArray(result)) {
      for (const [key, value] of Object.entries(result as object)) served.set(key, value);
      return served;
    }
    for (const item of result as { id: number }[]) served.set(String(item.id), item);
    if (result.length < pageSize) return served;
  }
}

/** The stored rows of one resource of one account, by key. */
export async function storedObjects(db: Database, accountId: number, resource: string) {
  const { rows } = await db.query<{
    key: string;
    raw_payload: unknown;
    parent_id: number | null;
    customer_id: string;
    updated_at: Date;
    deleted_at: Date | null;
  }>(
    `SELECT key, raw_payload, parent_id, customer_id, updated_at, deleted_at FROM hostaway.resource_objects
     WHERE account_id = $1 AND resource = $2 ORDER BY key`,
    [accountId, resource],
  );
  return new Map(rows.map((row) => [row.key, row]));
}

/** Requests a full run of the default optional resources costs (reviews and tasks paged, the rest whole). */
export function defaultResourceRequests(sim: Simulator, accountId: number): number {
  const objects: Record<string, number> = {
    reviews: sim.listResourceObjects(accountId, 'reviews').length,
    tasks: sim.listResourceObjects(accountId, 'tasks').length,
  };
  return DEFAULT_RESOURCES.reduce((sum, name) => {
    const size = { listings: 0, reservations: 0, changedReservations: 0, objects: objects[name] ?? 0 };
    return sum + findResource(name)!.requestsPerRun!(size);
  }, 0);
}

/**
 * Where a served object lies against its resource's date window around `now`: `inside` strictly within it
 * (not on its first or last day, which the run's clock could move), `before` or `after` it, or `edge`.
 * A resource without a window has everything `inside`.
 */
export function windowPlace(resource: string, row: Record<string, unknown>, now = new Date()) {
  const window = findResource(resource)!.window;
  if (window === undefined) return 'inside';
  const { start, end } = windowDays(window, now);
  const day = String(row[window.field] ?? '').slice(0, 10);
  return day < start ? 'before' : day > end ? 'after' : day > start && day < end ? 'inside' : 'edge';
}
