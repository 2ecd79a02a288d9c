import { type CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import type { Runtime } from '../runtime.js';
import { examples, type OptionsOf, parsePort, parsePositiveInt } from '../support/options.js';

export const configure = (program: CommandUnknownOpts) =>
  program
    .command('simulate')
    .description('run the built-in Hostaway API simulator (for trying the tool and for tests)')
    .addOption(
      new Option('--port <port>', 'port to listen on (0 = any free port)').argParser(parsePort).default(4010),
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <n>', 'seed of the generated data', parsePositiveInt, 1)
    .option('--accounts <n>', 'number of simulated accounts', parsePositiveInt, 1)
    .option('--listings <n>', 'listings per account', parsePositiveInt, 10)
    .option('--reservations <n>', 'reservations per account', parsePositiveInt, 100)
    .option(
      '--conversations <n>',
      'conversations per account (default: one per reservation)',
      parsePositiveInt,
    )
    .option('--no-rate-limit', "do not enforce Hostaway's rate limits")
    .addHelpText('after', examples('hostaway-sync simulate --port 4010 --accounts 2 --reservations 2000'));

type Options = OptionsOf<typeof configure>;

/** Runs the simulator in the foreground until SIGINT/SIGTERM. */
export async function run(runtime: Runtime, options: Options): Promise<number> {
  const { createSimulator, describeSimulator } = await import('../../simulator/index.js');
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
