import type { Database } from '../db/database.js';
import { listPoolStatus } from '../db/sql/pool-status.js';
import { getStatusReport } from '../sync/status.js';
import type { SyncSettings } from '../sync/types.js';
import type { FleetSources } from './fleet-metrics.js';

/**
 * The fleet gauges' queries on one database: every account's status and, on a server database, the egress
 * pools' shared rate budget (the embedded one keeps no shared budget). The webhook listener and the worker
 * export the same figures.
 */
export function fleetSourcesOf(
  db: Database,
  options: {
    rateBudget?: { limit: number; windowMs: number } | undefined;
    settings?: SyncSettings | undefined;
  },
): FleetSources {
  const budget = db.kind === 'postgres' ? options.rateBudget : undefined;
  return {
    ...(budget ? { rateBudget: () => listPoolStatus(db, budget) } : {}),
    status: () => getStatusReport(db, options.settings ? { settings: options.settings } : {}),
  };
}
