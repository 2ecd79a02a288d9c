import { createHostawayClient, type HostawayClientOptions } from '../../src/hostaway/client.js';
import { createSilentLogger } from '../../src/logger.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

/** A simulator on a free loopback port; rate limits off unless the test asks for them. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const simulator = createSimulator({ rateLimit: { enabled: false }, ...options });
  await simulator.listen(0, '127.0.0.1');
  return simulator;
}

/** A client with short timeouts and backoffs so fault tests run in milliseconds. */
export function createTestClient(baseUrl: string, overrides: Partial<HostawayClientOptions> = {}) {
  return createHostawayClient({
    baseUrl,
    rateLimit: { perIp: 10_000, perAccount: 10_000, windowMs: 1_000 },
    http: { timeoutMs: 2_000, maxRetries: 3, retryBaseMs: 5, rateLimitBackoffMs: 20 },
    tokenActivationMs: 0,
    logger: createSilentLogger(),
    userAgent: 'hostaway-sync-test',
    ...overrides,
  });
}

export function firstAccount(simulator: Simulator) {
  const account = simulator.accounts[0];
  if (!account) throw new Error('simulator has no account');
  return { accountId: account.accountId, clientSecret: account.clientSecret };
}
