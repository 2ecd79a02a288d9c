import { isDeepStrictEqual } from 'node:util';
import { createSimulator } from '../src/simulator/index.js';
import { createBenchDatabase, createEngineForFirstAccount } from './harness.js';

export interface ExactnessFigures {
  objectsCompared: number;
  mismatches: number;
}

type Row = { id: number; raw: unknown; messages?: { id: number }[] };

/**
 * After a full sync, compares every stored listing, reservation, conversation and message with what the
 * simulator serves (JSON equality; messages as a set, stored oldest first).
 */
export async function benchExactness(size: {
  listings: number;
  reservations: number;
}): Promise<ExactnessFigures> {
  const simulator = createSimulator({ seed: 1, ...size, rateLimit: { enabled: false } });
  await simulator.listen(0, '127.0.0.1');
  const bench = await createBenchDatabase();
  try {
    const { account, client, engine } = await createEngineForFirstAccount(bench, simulator);
    await engine.runFull(account.accountId);
    client.close();
    const id = account.accountId;
    const load = async (sql: string) =>
      new Map((await bench.db.query<Row>(sql, [id])).rows.map((r) => [Number(r.id), r]));
    const listings = await load('SELECT id, raw_payload AS raw FROM hostaway.listings WHERE account_id = $1');
    const reservations = await load(
      'SELECT id, raw_payload AS raw FROM hostaway.reservations WHERE account_id = $1',
    );
    const threads = await load(
      'SELECT conversation_id AS id, raw_conversation AS raw, raw_messages AS messages FROM hostaway.messages WHERE account_id = $1',
    );
    let compared = 0;
    let mismatches = 0;
    const check = (stored: Map<number, Row>, served: Record<string, unknown>[]) => {
      if (stored.size !== served.length) mismatches += Math.abs(stored.size - served.length);
      for (const object of served) {
        compared += 1;
        if (!isDeepStrictEqual(stored.get(Number(object.id))?.raw, object)) mismatches += 1;
      }
    };
    check(listings, simulator.listListings(id));
    check(reservations, simulator.listReservations(id));
    const conversations = simulator.listConversations(id);
    check(threads, conversations);
    for (const conversation of conversations) {
      const stored = new Map(
        (threads.get(Number(conversation.id))?.messages ?? []).map((m) => [Number(m.id), m]),
      );
      for (const message of simulator.listMessages(id, Number(conversation.id))) {
        compared += 1;
        if (!isDeepStrictEqual(stored.get(Number(message.id)), message)) mismatches += 1;
      }
    }
    return { objectsCompared: compared, mismatches };
  } finally {
    await simulator.close();
    await bench.drop();
  }
}
