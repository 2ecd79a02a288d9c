import { accountSecretsFromConfig, type AccountSecrets } from '../secrets/account-secrets.js';
import type { Runtime } from './runtime.js';

/**
 * The account secrets service of this run, from HOSTAWAY_SYNC_ENCRYPTION_KEY and its previous keys.
 * `allowPlaintext`: the user passed --allow-plaintext-secrets (or the value is a simulator's, as in the demo).
 */
export function runtimeSecrets(runtime: Pick<Runtime, 'config'>, allowPlaintext = false): AccountSecrets {
  return accountSecretsFromConfig(runtime.config.encryption, allowPlaintext);
}
