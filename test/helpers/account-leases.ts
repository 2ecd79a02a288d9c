import type { Database } from '../../src/db/database.js';
import { sleep } from './sleep.js';

/** A 2 s account lease, for tests whose runs are killed or cut off (it blocks their account until expiry). */
export const SHORT_LEASE_ENV = { HOSTAWAY_SYNC_ACCOUNT_LEASE_SECONDS: '2' } as const;

/**
 * Resolves once no account lease is live on the database's clock: a process killed mid-run (or cut off
 * from PostgreSQL) leaves its lease until it expires, and the next run of that account is skipped until then.
 */
export async function untilLeasesExpire(db: Database): Promise<void> {
  for (;;) {
    const { rows } = await db.query<{ live: number }>(
      'SELECT count(*)::int AS live FROM hostaway.account_leases WHERE expires_at > now()',
    );
    if (rows[0]?.live === 0) return;
    await sleep(100);
  }
}
