import { AuthError, describeError } from '../errors.js';
import { isGoneUpstream } from '../hostaway/resources.js';
import type { AccountApi } from '../hostaway/client.js';
import type { Logger } from '../logger.js';

export interface DeletionChecks {
  /** Requests made. */
  checked: number;
  /** Candidates left for the next pass (over the budget, or a check that failed). */
  pending: number;
}

/**
 * Asks Hostaway about each candidate (`GET {path}/{id}`), up to `budget` of them, one at a time (they are
 * rare, and each is a request under the shared rate budget): only a 404 proves a deletion. A candidate
 * Hostaway still serves stays live (it may be hidden from the list: archived, filtered). A check that fails
 * leaves it and the rest for the next pass.
 */
export async function confirmDeletions<K extends number | string>(
  api: AccountApi,
  input: { detailPath: (id: K) => string; candidates: K[]; budget: number; logger: Logger },
  checks: DeletionChecks,
): Promise<K[]> {
  const gone: K[] = [];
  const todo = input.candidates.slice(0, input.budget);
  checks.pending += input.candidates.length - todo.length;
  for (const [index, id] of todo.entries()) {
    try {
      checks.checked += 1;
      if (await isGoneUpstream(api, input.detailPath(id))) gone.push(id);
      else input.logger.info({ id }, 'missing from the list but Hostaway still serves it; kept');
    } catch (error) {
      checks.pending += todo.length - index;
      input.logger.warn(
        { id, err: describeError(error) },
        'could not confirm a deletion; left for the next pass',
      );
      if (error instanceof AuthError) throw error;
      break;
    }
  }
  return gone;
}
