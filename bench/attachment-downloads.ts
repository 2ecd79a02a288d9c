/**
 * Attachment download throughput (part of `npm run bench`; alone: npm run bench -- --case
 * attachment-downloads): one attachments pass of an account whose stored threads carry private files (sizes
 * in bench/cases.ts), downloaded from the local simulator and stored as bytea, on the embedded database and
 * on PostgreSQL (BENCH_DATABASE_URL, TEST_DATABASE_URL or the local server, when one answers): files and MiB
 * per second at the default concurrency (4) with the per-second pacing off.
 */
import { randomUUID } from 'node:crypto';
import { insertAccount } from '../src/db/accounts/accounts-repo.js';
import { createDatabase, type Database } from '../src/db/database.js';
import { runMigrations } from '../src/db/migrations/migrate.js';
import { createSilentLogger } from '../src/logger.js';
import { createSimulator } from '../src/simulator/index.js';
import { attachmentsResource as attachments } from '../src/sync/resources/attachments.js';
import { emptyCounts, type ResourceContext } from '../src/sync/types.js';
import { createBenchEngine } from './harness.js';
import { createServerDatabase, reachableServerUrl } from './server-database.js';

const KIB = 1024;

/** Files of one size: how many, and their size in KiB. */
export interface FileBatch {
  count: number;
  kib: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

async function benchOne(label: string, db: Database, files: readonly number[]) {
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
  const { client, engine } = createBenchEngine(db, sim.baseUrl);
  try {
    const customerId = randomUUID();
    await insertAccount(db, { accountId, customerId, clientSecret });
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
    const result = await attachments.sync(ctx);
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

type DownloadRow = Awaited<ReturnType<typeof benchOne>>;

export async function benchAttachmentDownloads(batches: FileBatch[]) {
  const files = batches.flatMap((b) => Array<number>(b.count).fill(b.kib * KIB));
  const rows: DownloadRow[] = [];
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

export function attachmentDownloadTable(rows: DownloadRow[]): string {
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
