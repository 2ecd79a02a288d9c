import type { Database } from '../../src/db/database.js';
import { RESOURCES } from '../../src/sync/registry.js';
import type { DeletionSignal, Resource } from '../../src/sync/resource.js';
import { isMarkedDeleted } from '../../src/sync/resources/object-list.js';

/** One registered resource as the conformance matrix sees it: its registry entry and fault paths. */
export interface MatrixResource extends Resource {
  /** Its documented paths as fault patterns under /v1, each `{…}` slot matching one segment. */
  faultPaths: string[];
  /** The path prefix its first request starts with (up to the first slot), for page hooks. */
  hookPrefix: string;
}

const API = '/v1';

/** `/listings/{id}/calendar + /x/{id}` → ['/v1/listings/:id/calendar', '/v1/x/:id']. */
export function faultPathsOf(endpoint: string): string[] {
  return endpoint.split(' + ').map((path) => API + path.trim().replace(/\{[^}]+\}/g, ':id'));
}

function hookPrefixOf(faultPath: string): string {
  const slot = faultPath.indexOf(':');
  return slot === -1 ? faultPath : faultPath.slice(0, slot);
}

/** Every registered resource, in registry order (the core ones first). */
export function matrixResources(): MatrixResource[] {
  return RESOURCES.map((r) => {
    const faultPaths = faultPathsOf(r.endpoint);
    return { ...r, faultPaths, hookPrefix: hookPrefixOf(faultPaths[0]!) };
  });
}

/** The parent kind of a per-parent path (`/listings/{id}/calendar`, `/financeField/{reservationId}`). */
export function parentKindOf(endpoint: string): 'listings' | 'reservations' | undefined {
  if (!endpoint.includes('{')) return undefined;
  return /listing/i.test(endpoint.split('/')[1] ?? '') ? 'listings' : 'reservations';
}

/** True when the served payload carries the resource's deletion marker. */
export const servedAsDeleted = (payload: unknown, deletion: DeletionSignal) =>
  isMarkedDeleted(payload, deletion);

const KEY_COLUMNS: Record<string, string> = {
  listings: 'id::text',
  reservations: 'id::text',
  messages: 'conversation_id::text',
  resource_objects: "coalesce(parent_id::text, '') || '/' || key",
  listing_calendar: "listing_id::text || '/' || day::text",
  message_attachments: 'attachment_id::text',
};

/**
 * Each row of the resource's table (of one account) by key, with its row version (`xmin`): a row written
 * in any way, even with the same content, gets a new version.
 */
export async function rowVersions(db: Database, accountId: number, resource: MatrixResource) {
  const filter = resource.table === 'resource_objects' ? 'AND resource = $2' : '';
  const params = resource.table === 'resource_objects' ? [accountId, resource.name] : [accountId];
  const { rows } = await db.query<{ key: string; version: string }>(
    `SELECT ${KEY_COLUMNS[resource.table]} AS key, xmin::text AS version
       FROM hostaway.${resource.table} WHERE account_id = $1 ${filter} ORDER BY 1`,
    params,
  );
  return new Map(rows.map((row) => [row.key, row.version]));
}
