import type { StoredToken } from '../../hostaway/token-manager.js';
import type { Runtime } from '../runtime.js';

/** Mints a token with the given credentials; returns it so it can be stored with the account. */
export async function verifyCredentials(
  runtime: Runtime,
  accountId: number,
  clientSecret: string,
): Promise<StoredToken | null> {
  let minted: StoredToken | null = null;
  const api = runtime.createClient().forAccount(
    { accountId, clientSecret },
    {
      load: async () => null,
      save: async (_id, token) => {
        minted = token;
      },
    },
  );
  await api.verifyCredentials();
  return minted;
}
