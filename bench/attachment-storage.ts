/**
 * node --import tsx bench/attachment-storage.ts: write and read throughput of attachment files kept as
 * bytea (`attachment_files.content`, the default), as large objects (lo_from_bytea / lo_get, for
 * comparison) and in a directory store, on the embedded database and on PostgreSQL (TEST_DATABASE_URL or
 * the local server, when one answers). Prints a Markdown table.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertAccount } from '../src/db/accounts/accounts-repo.js';
import { insertAttachmentFile, readAttachmentContent } from '../src/db/attachments/attachment-files-repo.js';
import { createDatabase, type Database } from '../src/db/database.js';
import { runMigrations } from '../src/db/migrations/migrate.js';
import { createDirectoryStore } from '../src/sync/attachments/attachment-store.js';
import { createScratchDatabase, reachableServerUrl } from './server-database.js';

const SIZES = [
  { label: '100 KiB', bytes: 100 * 1024, count: 60 },
  { label: '1 MiB', bytes: 1024 * 1024, count: 24 },
  { label: '12 MiB', bytes: 12 * 1024 * 1024, count: 4 },
];
const ACCOUNT = 1;

interface Figure {
  store: string;
  size: string;
  writeMiBs: number;
  readMiBs: number;
}

const mibPerSecond = (bytes: number, ms: number) => Math.round((bytes / 1024 / 1024 / (ms / 1000)) * 10) / 10;

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function files(bytes: number, count: number) {
  return Array.from({ length: count }, () => {
    const content = randomBytes(bytes);
    return { content, sha256: createHash('sha256').update(content).digest('hex') };
  });
}

async function benchBytea(
  db: Database,
  label: string,
  set: ReturnType<typeof files>,
): Promise<[number, number]> {
  const total = set.length * set[0]!.content.length;
  const write = await timed(async () => {
    for (const f of set)
      await insertAttachmentFile(db, {
        accountId: ACCOUNT,
        sha256: f.sha256,
        sizeBytes: f.content.length,
        mimeType: label,
        content: f.content,
      });
  });
  const read = await timed(async () => {
    for (const f of set)
      if ((await readAttachmentContent(db, ACCOUNT, f.sha256))?.length !== f.content.length)
        throw new Error('short read');
  });
  return [mibPerSecond(total, write), mibPerSecond(total, read)];
}

/** Large objects, with the same parameter encoding as the bytea path (base64 text on PGlite). */
async function benchLargeObjects(db: Database, set: ReturnType<typeof files>): Promise<[number, number]> {
  const text = db.kind === 'pglite';
  const total = set.length * set[0]!.content.length;
  const oids: number[] = [];
  const write = await timed(async () => {
    for (const f of set) {
      const [sql, param] = text
        ? ["SELECT lo_from_bytea(0, decode($1::text, 'base64')) AS oid", f.content.toString('base64')]
        : ['SELECT lo_from_bytea(0, $1) AS oid', f.content];
      oids.push(Number((await db.query<{ oid: number }>(sql, [param])).rows[0]!.oid));
    }
  });
  const read = await timed(async () => {
    for (const oid of oids)
      await db.query(`SELECT ${text ? "encode(lo_get($1::oid), 'base64')" : 'lo_get($1::oid)'} AS c`, [oid]);
  });
  for (const oid of oids) await db.query('SELECT lo_unlink($1::oid)', [oid]);
  return [mibPerSecond(total, write), mibPerSecond(total, read)];
}

async function benchDirectory(
  db: Database,
  root: string,
  set: ReturnType<typeof files>,
): Promise<[number, number]> {
  const total = set.length * set[0]!.content.length;
  const store = createDirectoryStore(root);
  const write = await timed(async () => {
    for (const f of set) {
      const sink = store.open();
      await sink.write(f.content);
      await sink.keep(db, {
        accountId: ACCOUNT,
        sha256: `d${f.sha256.slice(1)}`,
        sizeBytes: f.content.length,
        mimeType: null,
      });
    }
  });
  const paths = (
    await db.query<{ p: string }>(
      'SELECT storage_path AS p FROM hostaway.attachment_files WHERE storage_path IS NOT NULL',
    )
  ).rows;
  const read = await timed(async () => {
    for (const { p } of paths) await readFile(join(root, p));
  });
  await db.query('DELETE FROM hostaway.attachment_files WHERE storage_path IS NOT NULL');
  return [mibPerSecond(total, write), mibPerSecond(total, read)];
}

async function benchDatabase(name: string, db: Database, root: string): Promise<Figure[]> {
  await runMigrations(db);
  await insertAccount(db, { accountId: ACCOUNT, customerId: randomUUID(), clientSecret: 'x' });
  const figures: Figure[] = [];
  for (const size of SIZES) {
    const [bw, br] = await benchBytea(db, size.label, files(size.bytes, size.count));
    const [lw, lr] = await benchLargeObjects(db, files(size.bytes, size.count));
    const [dw, dr] = await benchDirectory(db, root, files(size.bytes, size.count));
    figures.push(
      { store: `${name} bytea`, size: size.label, writeMiBs: bw, readMiBs: br },
      { store: `${name} large object`, size: size.label, writeMiBs: lw, readMiBs: lr },
      { store: `${name} + directory`, size: size.label, writeMiBs: dw, readMiBs: dr },
    );
  }
  return figures;
}

async function main() {
  const root = await mkdtemp(join(tmpdir(), 'hs-bench-attachments-'));
  const figures: Figure[] = [];
  try {
    const embedded = await createDatabase({ dataDir: join(root, 'pglite') });
    try {
      figures.push(...(await benchDatabase('PGlite', embedded, join(root, 'files-pglite'))));
    } finally {
      await embedded.close();
    }
    const server = await reachableServerUrl();
    if (server !== undefined) {
      const scratch = await createScratchDatabase(server);
      const db = await createDatabase({ url: scratch.url, poolSize: 2 });
      try {
        figures.push(...(await benchDatabase('PostgreSQL', db, join(root, 'files-pg'))));
      } finally {
        await db.close();
        await scratch.drop();
      }
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  console.log('| store | file size | write MiB/s | read MiB/s |\n| --- | --- | --- | --- |');
  for (const f of figures) console.log(`| ${f.store} | ${f.size} | ${f.writeMiBs} | ${f.readMiBs} |`);
}

await main();
