import { createBenchEngine, insertCoreAccount, round, withBenchAccount } from './harness.js';
import { readStats } from './simulator-process.js';

export type RateLimitFigures = Awaited<ReturnType<typeof benchRateLimited>>;

/**
 * Full syncs of `accounts` accounts sharing one IP while the simulator enforces Hostaway's limits
 * (15 per IP, 20 per account) on a shortened window, with the client configured for the same limits.
 */
export async function benchRateLimited(options: {
  accounts: number;
  listings: number;
  reservations: number;
  windowMs: number;
}) {
  return withBenchAccount(
    { ...options, rateLimitWindowMs: options.windowMs },
    undefined,
    async (simulator, bench) => {
      for (const account of simulator.accounts) await insertCoreAccount(bench.db, account);
      const { client, engine } = createBenchEngine(bench.db, simulator.baseUrl, {
        rateLimit: { perIp: 15, perAccount: 20, windowMs: options.windowMs },
        accountConcurrency: options.accounts,
      });
      const started = performance.now();
      const results = await engine.runMany(
        simulator.accounts.map((a) => a.accountId),
        'full',
      );
      const seconds = (performance.now() - started) / 1000;
      const failed = results.filter((r) => r.status !== 'succeeded');
      if (failed.length > 0) throw new Error(`rate-limited sync failed: ${failed[0]!.error?.message}`);
      client.close();
      const stats = await readStats(simulator.baseUrl);
      const rates = results.map((r) => r.apiRequests / (r.durationMs / 1000));
      return {
        accounts: options.accounts,
        windowMs: options.windowMs,
        apiRequests: stats.requests,
        responses429: stats.status['429'] ?? 0,
        seconds: round(seconds, 1),
        /** Achieved requests per window ÷ the per-IP limit (15). */
        utilisation: round(stats.requests / ((seconds * 1000) / options.windowMs) / 15, 3),
        /** Slowest account's requests/s ÷ fastest account's (1.00 = perfectly fair). */
        fairness: round(Math.min(...rates) / Math.max(...rates), 2),
      };
    },
  );
}
