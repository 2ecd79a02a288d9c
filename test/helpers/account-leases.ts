import type { Database } from '../../src/db/database.js';
import { sleep } from './sleep.js';

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
