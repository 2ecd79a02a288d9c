import { deactivateAccount } from '../../db/accounts/accounts-repo.js';
import { createDatabase, type Database } from '../../db/database.js';
import { describeError } from '../../errors.js';
import type { Simulator } from '../../simulator/index.js';
import type { Runtime } from '../runtime.js';

/**
 * `demo --keep-simulator`: frees the database (the embedded one serves one process at a time) so other
 * commands can use it, keeps the simulator up until Ctrl-C, then deactivates the demo account.
 */
export async function keepSimulatorRunning(
  runtime: Runtime,
  db: Database,
  sim: Simulator,
  accountId: number,
): Promise<void> {
  await db.close();
  const write = (text: string) => runtime.io.stderr.write(text);
  const control = sim.baseUrl.replace(/\/v1$/, '/_sim');
  write(
    [
      `The simulator keeps running on ${sim.baseUrl} (Ctrl-C stops it). In another terminal:`,
      `  export HOSTAWAY_API_BASE_URL=${sim.baseUrl}`,
      `  curl -X POST ${control}/accounts/${accountId}/reservations -d '{"guestName":"Grace Hopper"}'`,
      `  npx hostaway-sync sync incremental --account ${accountId}`,
      `  npx hostaway-sync sql "select guest_name, status from hostaway.reservation_summary order by updated_on desc limit 3"`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  try {
    const again = await createDatabase({
      url: runtime.config.databaseUrl,
      dataDir: runtime.config.dataDir,
      timeouts: runtime.config.databaseTimeouts,
    });
    try {
      await deactivateAccount(again, accountId);
    } finally {
      await again.close();
    }
    write(`\nsimulator stopped; demo account ${accountId} deactivated\n`);
  } catch (error) {
    write(
      `\nsimulator stopped; could not deactivate demo account ${accountId} (${describeError(error)})\n` +
        `hint: hostaway-sync accounts update ${accountId} --deactivate\n`,
    );
  }
}
