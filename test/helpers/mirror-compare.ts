import { isDeepStrictEqual } from 'node:util';
import type { Queryable } from '../../src/db/database.js';
import type { Simulator } from '../../src/simulator/index.js';

export interface MirrorComparison {
  /** Listings, reservations, conversations and messages compared with what the simulator serves. */
  compared: number;
  /** One line per difference (missing, extra or different object), at most 20. */
  differences: string[];
}

type Row = { id: number; raw: unknown; messages?: { id: number }[] };

/**
 * Compares every live stored object of one account with what the simulator serves now: listings,
 * reservations and conversations by JSON equality, each thread's messages as a set by id, each message by
 * JSON equality. Rows marked deleted are left out; extra live rows count as differences.
 */
export async function compareWithSimulator(
  db: Queryable,
  sim: Simulator,
  accountId: number,
): Promise<MirrorComparison> {
  const load = async (sql: string) =>
    new Map((await db.query<Row>(sql, [accountId])).rows.map((r) => [Number(r.id), r]));
  const live = 'account_id = $1 AND deleted_at IS NULL';
  const listings = await load(`SELECT id, raw_payload AS raw FROM hostaway.listings WHERE ${live}`);
  const reservations = await load(`SELECT id, raw_payload AS raw FROM hostaway.reservations WHERE ${live}`);
  const threads = await load(
    `SELECT conversation_id AS id, raw_conversation AS raw, raw_messages AS messages FROM hostaway.messages WHERE ${live}`,
  );
  let compared = 0;
  const differences: string[] = [];
  const differ = (what: string) => {
    if (differences.length < 20) differences.push(what);
  };
  const check = (name: string, stored: Map<number, Row>, served: Record<string, unknown>[]) => {
    const servedIds = new Set(served.map((o) => Number(o.id)));
    for (const id of stored.keys()) if (!servedIds.has(id)) differ(`${name} ${id} stored but not served`);
    for (const object of served) {
      compared += 1;
      const row = stored.get(Number(object.id));
      if (row === undefined) differ(`${name} ${String(object.id)} missing`);
      else if (!isDeepStrictEqual(row.raw, object)) differ(`${name} ${String(object.id)} differs`);
    }
  };
  check('listing', listings, sim.listListings(accountId));
  check('reservation', reservations, sim.listReservations(accountId));
  const conversations = sim.listConversations(accountId);
  check('conversation', threads, conversations);
  for (const conversation of conversations) {
    const id = Number(conversation.id);
    const stored = threads.get(id)?.messages ?? [];
    const served = sim.listMessages(accountId, id);
    if (stored.length !== served.length)
      differ(`thread ${id}: ${stored.length} stored, ${served.length} served`);
    const byId = new Map(stored.map((m) => [Number(m.id), m]));
    for (const message of served) {
      compared += 1;
      if (!isDeepStrictEqual(byId.get(Number(message.id)), message))
        differ(`message ${String(message.id)} of thread ${id} differs`);
    }
  }
  return { compared, differences };
}
