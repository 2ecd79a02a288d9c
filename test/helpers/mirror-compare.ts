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

/**
 * Stored rows that are not whole: a listing or reservation payload that is not an object carrying its own
 * id, a thread whose conversation does not carry its id or whose messages are not an array.
 */
export async function findBrokenRows(db: Queryable, accountId: number): Promise<string[]> {
  const broken: string[] = [];
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  for (const table of ['listings', 'reservations']) {
    const { rows } = await db.query<{ id: number; raw: unknown }>(
      `SELECT id, raw_payload AS raw FROM hostaway.${table} WHERE account_id = $1`,
      [accountId],
    );
    for (const row of rows)
      if (!isObject(row.raw) || Number(row.raw.id) !== Number(row.id)) broken.push(`${table} ${row.id}`);
  }
  const threads = await db.query<{ id: number; raw: unknown; messages: unknown }>(
    'SELECT conversation_id AS id, raw_conversation AS raw, raw_messages AS messages FROM hostaway.messages WHERE account_id = $1',
    [accountId],
  );
  for (const row of threads.rows) {
    if (!isObject(row.raw) || Number(row.raw.id) !== Number(row.id)) broken.push(`conversation ${row.id}`);
    if (!Array.isArray(row.messages) || !row.messages.every(isObject)) broken.push(`thread ${row.id}`);
  }
  return broken;
}

/** Rows marked deleted although the simulator still serves the object (listings, reservations, threads). */
export async function findWronglyDeleted(
  db: Queryable,
  sim: Simulator,
  accountId: number,
): Promise<string[]> {
  const deleted = async (sql: string) =>
    new Set((await db.query<{ id: number }>(sql, [accountId])).rows.map((r) => Number(r.id)));
  const where = 'account_id = $1 AND deleted_at IS NOT NULL';
  const sets: [string, Set<number>, Record<string, unknown>[]][] = [
    [
      'listing',
      await deleted(`SELECT id FROM hostaway.listings WHERE ${where}`),
      sim.listListings(accountId),
    ],
    [
      'reservation',
      await deleted(`SELECT id FROM hostaway.reservations WHERE ${where}`),
      sim.listReservations(accountId),
    ],
    [
      'conversation',
      await deleted(`SELECT conversation_id AS id FROM hostaway.messages WHERE ${where}`),
      sim.listConversations(accountId),
    ],
  ];
  const wrong: string[] = [];
  for (const [name, ids, served] of sets)
    for (const object of served) if (ids.has(Number(object.id))) wrong.push(`${name} ${String(object.id)}`);
  return wrong;
}
