import type { Simulator } from './core/types.js';

/** A short multi-line description for the CLI: base URL, account credentials, control API hint. */
export function describeSimulator(sim: Simulator): string {
  let baseUrl: string | undefined;
  try {
    baseUrl = sim.baseUrl;
  } catch {
    baseUrl = undefined;
  }
  const lines = [
    baseUrl === undefined
      ? 'Hostaway simulator (not listening)'
      : `Hostaway simulator listening on ${baseUrl}`,
    'Accounts (client_id  client_secret):',
    ...sim.accounts.map((account) => `  ${account.accountId}  ${account.clientSecret}`),
  ];
  if (baseUrl !== undefined) {
    const control = `${baseUrl.replace(/\/v1$/, '')}/_sim`;
    lines.push(`Control API: ${control} (try: curl ${control}/health ; curl ${control}/stats)`);
    lines.push(`Use it with: HOSTAWAY_API_BASE_URL=${baseUrl}`);
  }
  return lines.join('\n');
}
