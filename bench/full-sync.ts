import { randomUUID } from 'node:crypto';
import { insertAccount } from '../src/db/accounts-repo.js';
import { createHostawayClient } from '../src/hostaway/client.js';
import { createSilentLogger } from '../src/logger.js';
import { createSyncEngine } from '../src/sync/engine.js';
import type { RunResult } from '../src/sync/types.js';
import { createBenchDatabase, round, startSimulatorProcess } from './harness.js';

export interface FullSyncFigures {
  size: string;
  database: string;
  wallSeconds: number;
  rowsWritten: number;
  rowsPerSecond: number;
  apiRequests: number;
  peakRssMiB: number;
  resyncSeconds: number;
  resyncRowsUpdated: number;
}

const written = (r: RunResult) =>
  Object.values(r.resources).reduce((sum, res) => sum + res.inserted + res.updated, 0);

/** A full sync of one account with the simulator's rate limits off, then an unchanged re-sync. */
export async function benchFullSync(size: {
  listings: number;
  reservations: number;
}): Promise<FullSyncFigures> {
  const simulator = await startSimulatorProcess(size);
  const bench = await createBenchDatabase();
  try {
    const account = simulator.accounts[0]!;
    await insertAccount(bench.db, { ...account, customerId: randomUUID() });
    const client = createHostawayClient({
      baseUrl: simulator.baseUrl,
      rateLimit: { perIp: 1_000_000, perAccount: 1_000_000, windowMs: 1000 },
      http: { timeoutMs: 30_000, maxRetries: 3, retryBaseMs: 100, rateLimitBackoffMs: 1000 },
      tokenActivationMs: 0,
      logger: createSilentLogger(),
      userAgent: 'hostaway-sync-bench',
    });
    const engine = createSyncEngine({
      db: bench.db,
      client,
      logger: createSilentLogger(),
      threadConcurrency: 8,
      accountConcurrency: 1,
    });
    const started = performance.now();
    const first = await engine.runFull(account.accountId);
    const wallSeconds = (performance.now() - started) / 1000;
    if (first.status !== 'succeeded') throw new Error(`full sync ${first.status}: ${first.error?.message}`);
    const again = performance.now();
    const second = await engine.runFull(account.accountId);
    const resyncSeconds = (performance.now() - again) / 1000;
    client.close();
    return {
      size: `${size.listings} / ${size.reservations} / ${size.reservations}`,
      database: bench.kind,
      wallSeconds: round(wallSeconds, 2),
      rowsWritten: written(first),
      rowsPerSecond: round(written(first) / wallSeconds),
      apiRequests: first.apiRequests,
      peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
      resyncSeconds: round(resyncSeconds, 2),
      resyncRowsUpdated: written(second),
    };
  } finally {
    simulator.stop();
    await bench.drop();
  }
}
