import type { Database } from '../../src/db/database.js';
import { isMarkedDeleted } from '../../src/sync/optional/object-list.js';
import type { DeletionSignal, ResourceDescription } from '../../src/sync/optional/optional-resource.js';
import { OPTIONAL_RESOURCES } from '../../src/sync/optional/registry.js';
import { RESOURCES } from '../../src/sync/registry.js';

/** One registered resource as the conformance matrix sees it, derived from its registry entry. */
export interface MatrixResource {
  name: string;
  core: boolean;
  /** Its documented paths as fault patterns under /v1, each `{…}` slot matching one segment. */
  faultPaths: string[];
  /** The path prefix its first request starts with (up to the first slot), for page hooks. */
  hookPrefix: string;
  /** Where its rows are. */
  table: string;
  deletion: DeletionSignal;
  describe?: ResourceDescription;
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

/** Every registered resource, core ones first, in registry order. */
export function matrixResources(): MatrixResource[] {
  const core = RESOURCES.map((r): MatrixResource => {
    const faultPaths = faultPathsOf(r.endpoint);
    return {
      name: r.name,
      core: true,
      faultPaths,
      hookPrefix: hookPrefixOf(faultPaths[0]!),
      table: r.table,
      deletion: r.name === 'threads' ? 'none' : 'absence',
    };
  });
  const optional = OPTIONAL_RESOURCES.map((r): MatrixResource => {
    const faultPaths = faultPathsOf(r.describe.endpoint);
    return {
      name: r.name,
      core: false,
      faultPaths,
      hookPrefix: hookPrefixOf(faultPaths[0]!),
      table: r.describe.table,
      deletion: r.describe.deletion,
      describe: r.describe,
    };
  });
  return [...core, ...optional];
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
