import type { Queryable } from '../database.js';

/** BEGIN READ ONLY; fn; always ROLLBACK: nothing `fn` runs can persist, even if it ended the transaction. */
export async function runReadOnly<T>(session: Queryable, fn: () => Promise<T>): Promise<T> {
  await session.query('BEGIN READ ONLY');
  try {
    return await fn();
  } finally {
    await session.query('ROLLBACK').catch(() => undefined);
  }
}
