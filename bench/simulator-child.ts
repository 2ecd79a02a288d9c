/**
 * Runs the simulator in its own process for benchmarks, so its CPU and memory are not counted as the
 * sync's. Arguments: seed accounts listings reservations [rate-limit window ms] [conversations]. Prints
 * {"baseUrl": …, "accounts": […]} on the first stdout line, then serves until killed.
 */
import { createSimulator } from '../src/simulator/index.js';

const [seed, accounts, listings, reservations, windowMs, conversations] = process.argv.slice(2).map(Number);
// A window length turns the documented limits on (15 per IP, 20 per account), scaled to that window.
const rateLimit = windowMs ? { enabled: true, perIp: 15, perAccount: 20, windowMs } : { enabled: false };
const simulator = createSimulator({
  seed: seed ?? 1,
  accounts: accounts ?? 1,
  listings: listings ?? 100,
  reservations: reservations ?? 5000,
  ...(conversations === undefined || Number.isNaN(conversations) ? {} : { conversations }),
  rateLimit,
});
const { baseUrl } = await simulator.listen(0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ baseUrl, accounts: simulator.accounts })}\n`);
process.on('SIGTERM', () => void simulator.close().then(() => process.exit(0)));
