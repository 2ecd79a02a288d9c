/**
 * Attachment download throughput (part of `npm run bench`, or alone: node --import tsx
 * bench/attachment-downloads.ts): one attachments pass of an account whose stored threads carry 48 private
 * files (40 × 256 KiB, 8 × 4 MiB; 42 MiB; --smoke: 5 files, 2 MiB), downloaded from the local simulator and
 * stored as bytea, on the embedded database and on PostgreSQL (BENCH_DATABASE_URL, TEST_DATABASE_URL or the
 * local server, when one answers): files and MiB per second at the default concurrency (4) with the
 * per-second pacing off.
 */
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { insertAccount } from '../src/db/accounts/accounts-repo.js';
import { createDatabase, type Database } from '../src/db/database.js';
import { runMigrations } from '../src/db/migrations/migrate.js';
import { createHostawayClient } from '../src/hostaway/client.js';
import { createSilentLogger } from '../src/logger.js';
import { createSimulator } from '../src/simulator/index.js';
import { createSyncEngine } from '../src/sync/engine.js';
import { attachments } from '../src/sync/optional/attachments.js';
import { emptyCounts, type ResourceContext } from '../src/sync/types.js';
import { createServerDatabase, reachableServerUrl } from './server-database.js';

const KIB = 1024;
const FILES = [...Array<number>(40).fill(256 * KIB), ...Array<number>(8).fill(4096 * KIB)];
const SMOKE_FILES = [...Array<number>(4).fill(256 * KIB), 1024 * KIB];

export interface AttachmentDownloadFigures {
  database: string;
  files: number;
  mib: number;
  seconds: number;
  filesPerSecond: number;
  mibPerSecond: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

async function benchOne(
  label: string,
  db: Database,
  files: readonly number[],
): Promise<AttachmentDownloadFigures> {
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
  files.forEach((sizeBytes, i) => {
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
      counts: emptyCounts(),
      cursor: undefined,
      setCursor: () => undefined,
      changedReservations: new Set<number>(),
      startedAt: new Date(),
      // The simulator is on loopback over plain http: allowed as an operator would list an internal file host.
      settings: { attachments: { perSecond: 10_000, allowedHosts: [new URL(sim.baseUrl).host] } },
    } as ResourceContext;
    const start = performance.now();
    const result = await attachments.fetchAndSync(ctx);
    const seconds = (performance.now() - start) / 1000;
    if (result.fetched !== files.length) throw new Error(`stored ${result.fetched} of ${files.length} files`);
    const mib = files.reduce((sum, size) => sum + size, 0) / KIB / KIB;
    return {
      database: label,
      files: files.length,
      mib: round1(mib),
      seconds: Math.round(seconds * 100) / 100,
      filesPerSecond: round1(files.length / seconds),
      mibPerSecond: round1(mib / seconds),
    };
  } finally {
    client.close();
    await sim.close();
  }
}

export async function benchAttachmentDownloads(options: {
  smoke: boolean;
}): Promise<AttachmentDownloadFigures[]> {
  const files = options.smoke ? SMOKE_FILES : FILES;
  const rows: AttachmentDownloadFigures[] = [];
  const embedded = await createDatabase({ memory: true });
  try {
    await runMigrations(embedded);
    rows.push(await benchOne('PGlite (memory)', embedded, files));
  } finally {
    await embedded.close();
  }
  const server = await reachableServerUrl();
  if (server !== undefined) {
    const target = await createServerDatabase(server);
    try {
      rows.push(await benchOne('PostgreSQL', target.db, files));
    } finally {
      await target.drop();
    }
  }
  return rows;
}

export function attachmentDownloadTable(rows: readonly AttachmentDownloadFigures[]): string {
  return [
    'Attachment downloads: one pass over private files served by the local simulator, stored as bytea; concurrency 4, pacing off.',
    '',
    '| database | files | MiB | pass | files/s | MiB/s |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.database} | ${r.files} | ${r.mib} | ${r.seconds} s | ${r.filesPerSecond} | ${r.mibPerSecond} |`,
    ),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const smoke = process.argv.includes('--smoke');
  process.stdout.write(`${attachmentDownloadTable(await benchAttachmentDownloads({ smoke }))}\n`);
}
