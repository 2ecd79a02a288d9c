import type { UpsertCounts } from '../../src/db/mirror/upsert-resource.js';

/** The three counts of an upsert, without the changed keys and rejected rows (asserted where they matter). */
export function countsOf({ inserted, updated, unchanged }: UpsertCounts) {
  return { inserted, updated, unchanged };
}
