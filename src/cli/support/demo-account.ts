import {
  deactivateAccount,
  getAccount,
  insertAccount,
  updateAccount,
} from '../../db/accounts/accounts-repo.js';
import type { Database } from '../../db/database.js';
import { UsageError } from '../../errors.js';
import type { AccountSecrets } from '../../secrets/account-secrets.js';
import type { SimulatedAccount } from '../../simulator/index.js';

/**
 * The customer id that marks the demo account: a real account never gets it, so a re-run can tell its own
 * account from a real one with the same id (the simulator's ids start at 10001).
 */
export const DEMO_CUSTOMER_ID = '00000000-0000-4000-8000-00000000de30';

/** What the demo syncs besides the core three: the calendar, reviews and tasks (the README's queries of their views), and the messages' attachments. */
const DEMO_RESOURCES = { resources: ['calendar', 'reviews', 'tasks'], downloadAttachments: true };

/** Adds the demo account, or reuses the one an earlier demo left (new secret, active again). */
export async function ensureDemoAccount(
  db: Database,
  account: SimulatedAccount,
  secrets?: AccountSecrets,
): Promise<'added' | 'reused'> {
  const { accountId } = account;
  // A simulator's secret is not a real one: stored encrypted when a key is set, else in plaintext.
  const clientSecret =
    secrets?.seal(accountId, 'client_secret', account.clientSecret, true) ?? account.clientSecret;
  const existing = await getAccount(db, accountId);
  if (existing === null) {
    await insertAccount(db, { accountId, customerId: DEMO_CUSTOMER_ID, clientSecret });
    await updateAccount(db, accountId, DEMO_RESOURCES);
    return 'added';
  }
  if (existing.customerId !== DEMO_CUSTOMER_ID) {
    throw new UsageError(`account ${accountId} already exists here and is not the demo account`, {
      hint: 'run the demo on its own database: hostaway-sync --data-dir /tmp/hostaway-demo demo',
    });
  }
  // A new secret also drops the token minted by an earlier simulator (tokens do not survive a restart).
  await updateAccount(db, accountId, { clientSecret, isActive: true, ...DEMO_RESOURCES });
  return 'reused';
}

/**
 * After the demo its account points at a simulator that is gone: deactivate it so `sync --all` and `status`
 * skip it. Only the demo's own account (never a real one with the same id); never throws.
 */
export async function retireDemoAccount(db: Database, accountId: number): Promise<void> {
  try {
    if ((await getAccount(db, accountId))?.customerId === DEMO_CUSTOMER_ID) {
      await deactivateAccount(db, accountId);
    }
  } catch {
    // the database is gone too; the error that got us here is the one to report
  }
}
