/**
 * node --import tsx bench/attachment-downloads.ts: one attachments pass of an account whose stored threads
 * carry 48 private files (40 × 256 KiB, 8 × 4 MiB; 42 MiB), downloaded from the local simulator and stored
 * as bytea, on the embedded database and on PostgreSQL (TEST_DATABASE_URL or the local server, when one
 * answers): files and MiB per second at the default concurrency (4) with the per-second pacing off.
 */
import { randomUUID } from 'node:crypto';
import { insertAccount } from '../src/db/accounts/accounts-repo.js';
import { createDatabase, type Database } from '../src/db/database.js';
import { runMigrations } from '../src/db/migrations/migrate.js';
import { createHostawayClient } from '../src/hostaway/client.js';
import { createSilentLogger } from '../src/logger.js';
import { createSimulator } from '../src/simulator/index.js';
import { createSyncEngine } from '../src/sync/engine.js';
import { attachments } from '../src/sync/optional/attachments.js';
import type { ResourceContext } from '../src/sync/types.js';
import { createServerDatabase, reachableServerUrl } from './server-database.js';

const FILES = [...Array<number>(40).fill(256 * 1024), ...Array<number>(8).fill(4 * 1024 * 1024)];

async function benchOne(label: string, db: Database): Promise<string> {
  const sim = createSimulator({
    seed: 3,
    reservations: 60,
    listings: 4,
    rateLimit: { enabled: false },
    resources: { attachmentEvery: 0, largeAttachmentBytes: 0 },
  });
  await sim.listen(0, '127.0.0.1');
  const { accountId, clientSecret } = sim.accounts[0]!;
  const messages = sim
    .listConversations(accountId)
    .flatMap((c) =>
      sim.listMessages(accountId, Number(c.id)).map((m) => [Number(c.id), Number(m.id)] as const),
    );
  FILES.forEach((sizeBytes, i) => {
    const [conversationId, messageId] = messages[i]!;
    sim.addAttachment(accountId, conversationId, messageId, {
      name: `scan-${i}.pdf`,
      isPublic: 0,
      sizeBytes,
    });
  });
  const client = createHostawayClient({
    baseUrl: sim.baseUrl,
    rateLimit: { perIp: 10_000, perAccount: 10_000, windowMs: 1000 },
    http: { timeoutMs: 30_000, maxRetries: 3, retryBaseMs: 100, rateLimitBackoffMs: 1000 },
    tokenActivationMs: 0,
    logger: createSilentLogger(),
    userAgent: 'hostaway-sync-bench',
  });
  try {
    const customerId = randomUUID();
    await insertAccount(db, { accountId, customerId, clientSecret });
    const engine = createSyncEngine({
      db,
      client,
      logger: createSilentLogger(),
      threadConcurrency: 4,
      accountConcurrency: 1,
    });
    await engine.run(accountId, 'full');
    const ctx = {
      db,
      api: client.forAccount({ accountId, clientSecret }),
      account: { accountId, customerId },
      mode: 'full',
      logger: createSilentLogger(),
      threadConcurrency: 4,
      progress: () => undefined,
      checkpoint: () => undefined,
      seen: new Set<number>(),
      cursor: undefined,
      setCursor: () => undefined,
      changedReservations: new Set<number>(),
      startedAt: new Date(),
      settings: { attachments: { perSecond: 10_000 } },
    } as ResourceContext;
    const start = performance.now();
    const result = await attachments.fetchAndSync(ctx);
    const seconds = (performance.now() - start) / 1000;
    if (result.fetched !== FILES.length) throw new Error(`stored ${result.fetched} of ${FILES.length} files`);
    const mib = FILES.reduce((sum, size) => sum + size, 0) / 1024 / 1024;
    return `| ${label} | ${FILES.length} | ${Math.round(mib)} MiB | ${seconds.toFixed(2)} s | ${(FILES.length / seconds).toFixed(1)} | ${(mib / seconds).toFixed(1)} |`;
  } finally {
    client.close();
    await sim.close();
  }
}

async function main() {
  const rows: string[] = [];
  const embedded = await createDatabase({ memory: true });
  try {
    await runMigrations(embedded);
    rows.push(await benchOne('PGlite (memory)', embedded));
  } finally {
    await embedded.close();
  }
  const server = await reachableServerUrl();
  if (server !== undefined) {
    const target = await createServerDatabase(server);
    try {
      rows.push(await benchOne('PostgreSQL', target.db));
    } finally {
      await target.drop();
    }
  }
  console.log('| database | files | bytes | pass | files/s | MiB/s |\n| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
}

await main();
