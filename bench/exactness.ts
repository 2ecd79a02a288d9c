import { createSimulator } from '../src/simulator/index.js';
import { compareWithSimulator } from '../test/helpers/mirror-compare.js';
import { createBenchDatabase, createEngineForFirstAccount } from './harness.js';

/** After a full sync, compares every stored listing, reservation, conversation and message with what the simulator serves. */
export async function benchExactness(size: { listings: number; reservations: number }) {
  const simulator = createSimulator({ seed: 1, ...size, rateLimit: { enabled: false } });
  await simulator.listen(0, '127.0.0.1');
  const bench = await createBenchDatabase();
  try {
    const { account, client, engine } = await createEngineForFirstAccount(bench, simulator);
    await engine.runFull(account.accountId);
    client.close();
    const { compared, differences } = await compareWithSimulator(bench.db, simulator, account.accountId);
    // Mismatches: objects missing, extra or different (test/helpers/mirror-compare.ts lists at most 20).
    return { objectsCompared: compared, mismatches: differences.length, differences };
  } finally {
    await simulator.close();
    await bench.drop();
  }
}
