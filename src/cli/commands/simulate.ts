import { createSimulator, describeSimulator } from '../../simulator/index.js';
import type { SimulateOptions } from '../program.js';
import type { Runtime } from '../runtime.js';

/** Runs the simulator in the foreground until SIGINT/SIGTERM. */
export async function runSimulateCommand(runtime: Runtime, options: SimulateOptions): Promise<number> {
  const simulator = createSimulator({
    seed: options.seed,
    accounts: options.accounts,
    listings: options.listings,
    reservations: options.reservations,
    conversations: options.conversations,
    rateLimit: { enabled: options.rateLimit },
  });
  await simulator.listen(options.port, options.host);
  runtime.io.stderr.write(`${describeSimulator(simulator)}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await simulator.close();
  return 0;
}
