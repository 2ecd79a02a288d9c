import type { Queryable } from '../database.js';

/**
 * BEGIN; fn; COMMIT — or ROLLBACK and rethrow `fn`'s error. Shared by both drivers; `begin` is what opens
 * the transaction (the server driver adds the transaction's own bounds to it, in the same round trip).
 */
export async function runTransaction<T>(
  session: Queryable,
  fn: (tx: Queryable) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  await session.query(begin);
  let result: T;
  try {
    result = await fn(session);
  } catch (error) {
    // The original error matters; a failed ROLLBACK means the connection is gone (and the caller discards it).
    await session.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  await session.query('COMMIT');
  return result;
}
