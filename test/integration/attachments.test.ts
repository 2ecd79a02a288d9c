import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AccountApi } from '../../src/hostaway/client.js';
import { createSilentLogger } from '../../src/logger.js';
import type { Simulator } from '../../src/simulator/index.js';
import type { AttachmentSettings } from '../../src/sync/attachments/attachment-settings.js';
import { deleteUnreferencedFiles } from '../../src/sync/attachments/attachment-store.js';
import { locateAttachment } from '../../src/sync/attachments/read-attachment.js';
import { syncSettings } from '../../src/cli/sync-settings.js';
import { loadConfig } from '../../src/config.js';
import { attachmentsResource as attachments } from '../../src/sync/resources/attachments.js';
import { emptyCounts, type ResourceContext, type SyncMode } from '../../src/sync/types.js';
import { run as runAttachmentsGet } from '../../src/cli/commands/attachments-get.js';
import { run as runStatusCommand } from '../../src/cli/commands/status.js';
import { run as runAccountsUpdate } from '../../src/cli/commands/accounts-update.js';
import { run as runAccountsRemove } from '../../src/cli/commands/accounts-remove.js';
import { insertAccount } from '../../src/db/accounts/accounts-repo.js';
import { getStatusReport } from '../../src/sync/status.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestIo, createTestRuntime } from '../helpers/runtime.js';
import { createTestClient, startSimulator } from '../helpers/hostaway.js';
import { addSimulatedAccounts, createTestEngine } from '../helpers/sync.js';

type Row = Record<string, unknown>;
const MESSAGE_DETAIL = 'GET /conversations/:id/messages/:messageId';
const CAP = 1024 * 1024;

describe('attachments: downloaded once, kept by hash', () => {
  let sim: Simulator;
  let t: TestDatabase;
  let dir: string;
  const customers = new Map<number, string>();
  const cursors = new Map<number, unknown>();
  const client = () => createTestClient(sim.baseUrl);
  /** The simulator's host:port, listed as an operator lists an internal file host (plain http, loopback). */
  const simHost = () => new URL(sim.baseUrl).host;

  /** One attachments pass of an account, as the engine runs it (cursor kept between passes). */
  async function pass(accountId: number, mode: SyncMode, settings: Partial<AttachmentSettings> = {}) {
    const secret = sim.accounts.find((a) => a.accountId === accountId)!.clientSecret;
    const api: AccountApi = client().forAccount({ accountId, clientSecret: secret });
    let progress: { done: number; total: number | undefined; leftForNextRun?: number } | undefined;
    const ctx = {
      db: t.db,
      api,
      account: { accountId, customerId: customers.get(accountId)! },
      mode,
      logger: createSilentLogger(),
      threadConcurrency: 2,
      progress: (done: number, total: number | undefined, leftForNextRun?: number) =>
        void (progress = { done, total, leftForNextRun }),
      checkpoint: () => undefined,
      seen: new Set<number>(),
      counts: emptyCounts(),
      cursor: cursors.get(accountId),
      setCursor: (cursor: unknown) => void cursors.set(accountId, cursor),
      changedReservations: new Set<number>(),
      startedAt: new Date(),
      settings: {
        attachments: { maxBytes: CAP, retryBaseMs: 1, allowedHosts: [simHost()], ...settings },
      },
    } as ResourceContext;
    const before = sim.stats.byEndpoint[MESSAGE_DETAIL] ?? 0;
    const result = await attachments.sync(ctx);
    return { result, refetches: (sim.stats.byEndpoint[MESSAGE_DETAIL] ?? 0) - before, progress };
  }

  const syncThreads = async (accountId: number) => {
    const [run] = await createTestEngine(t.db, client()).runMany([accountId], 'full');
    assert.equal(run!.status, 'succeeded', run!.error?.message);
    assert.equal(run!.resources['attachments'], undefined, 'not run for accounts without --attachments');
  };
  const rows = async (accountId: number) =>
    (
      await t.db.query<Row>(
        `SELECT a.attachment_id, a.name, a.status, a.sha256, a.attempts, a.last_error, a.url, a.updated_at,
           f.size_bytes, f.storage_path, f.content IS NULL AS no_content
         FROM hostaway.message_attachments a
         LEFT JOIN hostaway.attachment_files f ON f.account_id = a.account_id AND f.sha256 = a.sha256
         WHERE a.account_id = $1 ORDER BY a.attachment_id`,
        [accountId],
      )
    ).rows;
  const byName = async (accountId: number, name: string) =>
    (await rows(accountId)).filter((r) => r.name === name);
  const fileCount = async (accountId: number) =>
    Number(
      (
        await t.db.query<Row>('SELECT count(*) AS n FROM hostaway.attachment_files WHERE account_id = $1', [
          accountId,
        ])
      ).rows[0]!.n,
    );
  /** The bytes the simulator serves for a URL, downloaded independently of the code under test. */
  const served = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  /** The account's first four messages (in the simulator's order), where the tests add files. */
  const messagesOf = (accountId: number) =>
    sim
      .listConversations(accountId)
      .flatMap((c) =>
        sim.listMessages(accountId, Number(c.id)).map((m) => ({ c: Number(c.id), m: Number(m.id) })),
      )
      .slice(0, 4);

  before(async () => {
    sim = await startSimulator({
      seed: 5,
      accounts: 2,
      listings: 2,
      reservations: 3,
      resources: { attachmentEvery: 0 },
    });
    t = await createTestDatabase();
    for (const [id, customer] of await addSimulatedAccounts(t.db, sim)) customers.set(id, customer);
    dir = await mkdtemp(join(tmpdir(), 'hs-attachments-'));
    for (const account of sim.accounts) {
      const [a, b, c] = messagesOf(account.accountId);
      sim.addAttachment(account.accountId, a!.c, a!.m, {
        name: 'passport.pdf',
        isPublic: 0,
        sizeBytes: 70_000,
      });
      // Text files of one size have the same bytes: the same content sent in two messages.
      sim.addAttachment(account.accountId, b!.c, b!.m, { name: 'rules.txt', isPublic: 1, sizeBytes: 3000 });
      sim.addAttachment(account.accountId, c!.c, c!.m, { name: 'rules.txt', isPublic: 0, sizeBytes: 3000 });
      await syncThreads(account.accountId);
    }
  });
  after(async () => {
    await sim.close();
    await t.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores a private file with its SHA-256 and size, the same content once, and refuses an oversized one', async () => {
    const accountId = sim.accounts[0]!.accountId;
    const { result, refetches } = await pass(accountId, 'full');
    assert.equal(refetches, 0);
    assert.equal(result.requests, 0);
    const [passport] = await byName(accountId, 'passport.pdf');
    const bytes = await served(String(passport!.url));
    assert.equal(passport!.status, 'stored');
    assert.equal(passport!.sha256, sha(bytes));
    assert.equal(Number(passport!.size_bytes), 70_000);
    const rules = await byName(accountId, 'rules.txt');
    assert.equal(rules.length, 2);
    assert.deepEqual(
      rules.map((r) => r.status),
      ['stored', 'stored'],
    );
    assert.equal(rules[0]!.sha256, rules[1]!.sha256);
    const large = await byName(accountId, 'guest-documents.pdf');
    assert.equal(large[0]!.status, 'refused');
    assert.match(String(large[0]!.last_error), new RegExp(`exceed the ${CAP}-byte limit`));
    assert.equal(await fileCount(accountId), 2, 'passport and one rules.txt');
    const types = await t.db.query<Row>(
      `SELECT a.name, f.mime_type, f.declared_mime_type FROM hostaway.message_attachments a
       JOIN hostaway.attachment_files f ON f.account_id = a.account_id AND f.sha256 = a.sha256
       WHERE a.account_id = $1 AND a.name IN ('passport.pdf', 'rules.txt') ORDER BY a.name LIMIT 2`,
      [accountId],
    );
    assert.deepEqual(types.rows, [
      { name: 'passport.pdf', mime_type: 'application/pdf', declared_mime_type: 'application/pdf' },
      { name: 'rules.txt', mime_type: 'text/plain', declared_mime_type: 'text/plain' },
    ]);
    assert.deepEqual([result.fetched, result.skipped, result.failed, result.inserted], [3, 1, 0, 4]);
  });

  it('keeps the file when the URL expires: a later run makes no download and no request', async () => {
    const accountId = sim.accounts[0]!.accountId;
    const before = await rows(accountId);
    sim.expireAttachmentUrls(accountId);
    const { result, refetches } = await pass(accountId, 'incremental');
    assert.equal(refetches, 0);
    assert.deepEqual([result.fetched, result.failed, result.inserted, result.updated], [0, 0, 0, 0]);
    assert.deepEqual(await rows(accountId), before);
    const [passport] = await byName(accountId, 'passport.pdf');
    const { content } = await locateAttachment(t.db, Number(passport!.attachment_id), { dir: undefined });
    assert.equal(content.kind === 'bytes' && sha(content.bytes), passport!.sha256);
  });

  it('a re-sync of the threads (fresh URLs) downloads nothing again', async () => {
    const accountId = sim.accounts[0]!.accountId;
    await syncThreads(accountId);
    const { result } = await pass(accountId, 'reconcile');
    assert.equal(result.fetched, 0);
    const stored = (await rows(accountId)).filter((r) => r.status === 'stored');
    assert.deepEqual(
      stored.map((r) => r.attempts),
      [1, 1, 1],
      'each file was downloaded once',
    );
  });

  it('an URL expired before the download: one message re-fetch gives a fresh URL and the download', async () => {
    const accountId = sim.accounts[0]!.accountId;
    const [, , , d] = messagesOf(accountId);
    sim.addAttachment(accountId, d!.c, d!.m, { name: 'late.pdf', isPublic: 0, sizeBytes: 20_000 });
    await syncThreads(accountId);
    sim.expireAttachmentUrls(accountId);
    const { result, refetches } = await pass(accountId, 'incremental');
    assert.equal(refetches, 1);
    assert.equal(result.requests, 1);
    const [late] = await byName(accountId, 'late.pdf');
    assert.equal(late!.status, 'stored');
    assert.equal(late!.sha256, sha(await served(String(late!.url))), 'the stored URL is the fresh one');
    await pass(accountId, 'reconcile');
    const [kept] = await byName(accountId, 'late.pdf');
    assert.equal(kept!.url, late!.url, 'the older URL the stored thread holds does not replace it');
  });

  it('keeps files in a directory store when one is configured, and reads them back', async () => {
    const accountId = sim.accounts[1]!.accountId;
    const { result } = await pass(accountId, 'full', { dir });
    assert.equal(result.fetched, 3);
    const [passport] = await byName(accountId, 'passport.pdf');
    const path = String(passport!.storage_path);
    assert.equal(path, join(path.slice(0, 2), path.slice(3, 5), String(passport!.sha256)));
    assert.equal(passport!.no_content, true);
    assert.equal(sha(await readFile(join(dir, path))), passport!.sha256);
    const mode = async (at: string) => (await stat(at)).mode & 0o777;
    assert.equal(await mode(join(dir, path)), 0o600, 'the file is its owner’s only');
    assert.equal(await mode(dirname(join(dir, path))), 0o700);
    assert.equal(await mode(dirname(dirname(join(dir, path)))), 0o700);
    assert.equal(await mode(join(dir, '.incoming')), 0o700);
    const { content } = await locateAttachment(t.db, Number(passport!.attachment_id), { accountId, dir });
    assert.deepEqual(content, { kind: 'file', path: join(dir, path) });
    await assert.rejects(
      locateAttachment(t.db, Number(passport!.attachment_id), { accountId, dir: undefined }),
      /HOSTAWAY_ATTACHMENTS_DIR|file store/,
    );
  });

  it('attachments get: unknown ids, files not downloaded yet and refused ones give one-line errors', async () => {
    const accountId = sim.accounts[0]!.accountId;
    await assert.rejects(locateAttachment(t.db, 999, { dir: undefined }), { code: 'NOT_FOUND' });
    const [large] = await byName(accountId, 'guest-documents.pdf');
    await assert.rejects(
      locateAttachment(t.db, Number(large!.attachment_id), { accountId, dir: undefined }),
      {
        message: /not downloaded \(refused/,
      },
    );
  });

  it('attachments get writes the exact bytes to a file or stdout, and will not overwrite without --force', async () => {
    const accountId = sim.accounts[0]!.accountId;
    const [passport] = await byName(accountId, 'passport.pdf');
    const id = Number(passport!.attachment_id);
    const chunks: Buffer[] = [];
    const io = {
      ...createTestIo(),
      stdout: { write: (chunk: Uint8Array | string) => chunks.push(Buffer.from(chunk)) },
    };
    const runtime = createTestRuntime(t.db, io);
    const output = join(dir, 'passport-copy.pdf');
    assert.equal(await runAttachmentsGet(runtime, id, { output }), 0);
    const written = await readFile(output);
    assert.equal(written.length, 70_000);
    assert.equal(sha(written), passport!.sha256);
    assert.equal(await runAttachmentsGet(runtime, id, { output: '-' }), 0);
    assert.ok(Buffer.concat(chunks).equals(written), 'stdout has the same bytes');
    await writeFile(output, 'keep me');
    await assert.rejects(runAttachmentsGet(runtime, id, { output }), { code: 'USAGE', message: /exists/ });
    assert.equal(await readFile(output, 'utf8'), 'keep me');
    assert.equal(await runAttachmentsGet(runtime, id, { output, force: true }), 0);
    assert.ok((await readFile(output)).equals(written));
  });

  it('a failing download backs off, is retried by a later run and given up after the last attempt; status counts it', async () => {
    const accountId = sim.accounts[1]!.accountId;
    const conversation = sim
      .listConversations(accountId)
      .findLast((c) => sim.listMessages(accountId, Number(c.id)).length > 0)!;
    const message = sim.listMessages(accountId, Number(conversation.id))[0]!;
    sim.addAttachment(accountId, Number(conversation.id), Number(message.id), {
      name: 'gone.pdf',
      sizeBytes: 500,
    });
    await syncThreads(accountId);
    sim.deleteReservation(accountId, Number(conversation.reservationId)); // its files now answer 404
    const settings = { dir, maxAttempts: 2, retryAfterMs: 60_000 };
    assert.equal((await pass(accountId, 'incremental', settings)).result.failed, 1);
    const [first] = await t.db
      .query<Row>(
        `SELECT status, attempts, last_error, next_attempt_at > now() + interval '50 seconds' AS waits
       FROM hostaway.message_attachments WHERE account_id = $1 AND name = 'gone.pdf'`,
        [accountId],
      )
      .then((r) => r.rows);
    assert.deepEqual(first, { status: 'failed', attempts: 1, last_error: 'HTTP 404', waits: true });
    assert.equal(
      (await pass(accountId, 'incremental', settings)).result.failed,
      0,
      'not before its wait is over',
    );
    const now = { ...settings, retryAfterMs: 0 };
    await t.db.query(
      `UPDATE hostaway.message_attachments SET next_attempt_at = now() WHERE name = 'gone.pdf'`,
    );
    const retried = await pass(accountId, 'incremental', now);
    assert.deepEqual([retried.result.failed, retried.result.status], [1, 'partial']);
    assert.equal((await pass(accountId, 'incremental', now)).result.failed, 0, 'given up after 2 attempts');
    const report = await getStatusReport(t.db, {
      accountIds: [accountId],
      settings: { attachments: { maxAttempts: 2 } },
    });
    assert.deepEqual(report.accounts[0]!.attachments, {
      stored: 3,
      pending: 0,
      failed: 0,
      givenUp: 1,
      refused: 1,
    });
    const io = createTestIo();
    await runStatusCommand(
      createTestRuntime(t.db, { ...io, env: { ...io.env, HOSTAWAY_ATTACHMENT_MAX_ATTEMPTS: '2' } }),
      { account: [accountId] },
    );
    assert.match(
      io.out(),
      new RegExp(
        `Attachments\\nACCOUNT +STORED +PENDING +FAILED +GIVEN UP +REFUSED\\n *${accountId} +3 +0 +0 +1 +1\\n`,
      ),
    );
  });

  it('the engine runs the attachments pass for accounts with download_attachments, after the threads', async () => {
    const accountId = sim.accounts[0]!.accountId;
    const [a] = messagesOf(accountId);
    sim.addAttachment(accountId, a!.c, a!.m, { name: 'engine.png', isPublic: 1, sizeBytes: 9000 });
    const runtime = createTestRuntime(t.db, createTestIo());
    const downloads = async () =>
      (
        await t.db.query<Row>(
          'SELECT download_attachments AS on FROM hostaway.accounts WHERE account_id = $1',
          [accountId],
        )
      ).rows[0]!.on;
    assert.equal(await runAccountsUpdate(runtime, accountId, { attachments: true, verify: false }), 0);
    assert.equal(await downloads(), true);
    try {
      const engine = createTestEngine(t.db, client(), {
        settings: { attachments: { maxBytes: CAP, allowedHosts: [simHost()] } },
      });
      const [run] = await engine.runMany([accountId], 'full');
      const result = run!.resources['attachments'];
      assert.equal(result?.status, 'succeeded', result?.error);
      assert.deepEqual([result.inserted, result.fetched, result.requests], [1, 1, 0]);
      const [png] = await byName(accountId, 'engine.png');
      assert.equal(png!.status, 'stored');
      assert.equal(png!.sha256, sha(await served(String(png!.url))));
    } finally {
      assert.equal(await runAccountsUpdate(runtime, accountId, { attachments: false, verify: false }), 0);
      assert.equal(await downloads(), false);
    }
  });

  it('accounts remove --hard deletes the account’s files from the directory store, not content another account keeps', async () => {
    // Account 2 keeps its files in the directory store (the test above); rules.txt has the same bytes
    // everywhere, so one more account that stores it in the store shares that file.
    const accountId = sim.accounts[1]!.accountId;
    const stored = new Map(
      (await rows(accountId)).filter((r) => r.storage_path !== null).map((r) => [r.name, r]),
    );
    const [passport, rules] = [stored.get('passport.pdf')!, stored.get('rules.txt')!];
    const other = 990_001;
    await insertAccount(t.db, { accountId: other, customerId: randomUUID(), clientSecret: 'x' });
    await t.db.query(
      `INSERT INTO hostaway.attachment_files (account_id, sha256, size_bytes, mime_type, storage_path)
       VALUES ($1, $2, $3, 'text/plain', $4)`,
      [other, rules.sha256, rules.size_bytes, rules.storage_path],
    );
    const path = (row: Row) => join(dir, String(row.storage_path));
    assert.ok(existsSync(path(passport)) && existsSync(path(rules)));
    const io = createTestIo({ env: { HOSTAWAY_ATTACHMENTS_DIR: dir } });
    const code = await runAccountsRemove(createTestRuntime(t.db, io), accountId, {
      hard: true,
      yes: true,
      json: true,
    });
    assert.equal(code, 0);
    assert.deepEqual((JSON.parse(io.out()) as { attachmentFiles: unknown }).attachmentFiles, {
      deleted: 1,
      kept: 1,
    });
    assert.equal(existsSync(path(passport)), false, 'its own file is gone');
    assert.equal(existsSync(path(rules)), true, 'the file another account keeps stays');
    assert.equal(await fileCount(accountId), 0);
    assert.equal(await fileCount(other), 1);
  });

  /** Attachments added to the account's first message, then its threads synced (the URLs in payloads). */
  const addFiles = async (accountId: number, files: Parameters<Simulator['addAttachment']>[3][]) => {
    const [a] = messagesOf(accountId);
    for (const file of files) sim.addAttachment(accountId, a!.c, a!.m, file);
    await syncThreads(accountId);
  };
  const statusOf = async (accountId: number, name: string) =>
    (
      await t.db.query<Row>(
        `SELECT status, sha256, last_error FROM hostaway.message_attachments
         WHERE account_id = $1 AND name = $2`,
        [accountId, name],
      )
    ).rows[0];

  it('never fetches internal addresses: loopback, a name resolving to one, plain http, a redirect to one', async () => {
    const accountId = sim.accounts[0]!.accountId;
    const { port } = new URL(sim.baseUrl);
    const filesBefore = await fileCount(accountId);
    await addFiles(accountId, [
      { name: 'direct.json', url: `${new URL(sim.baseUrl).origin}/_sim/accounts` },
      { name: 'by-name.json', url: `https://localhost:${port}/_sim/accounts` },
      { name: 'plain.pdf', url: 'http://files.example.com/plain.pdf' },
    ]);
    // No host listed: only https to public addresses.
    const strict = await pass(accountId, 'incremental', { allowedHosts: [], retryAfterMs: 3_600_000 });
    assert.deepEqual(
      [strict.result.failed, strict.result.fetched, strict.result.status],
      [3, 0, 'partial'],
      'not a silent success',
    );
    // The simulator listed: its own file URL is fetched, and its redirect to a host that is not listed refused.
    await addFiles(accountId, [
      { name: 'redirected.json', redirectTo: `http://localhost:${port}/_sim/accounts` },
    ]);
    const listed = await pass(accountId, 'incremental', { retryAfterMs: 3_600_000 });
    assert.deepEqual([listed.result.failed, listed.result.fetched, listed.result.status], [1, 0, 'partial']);
    assert.deepEqual(await statusOf(accountId, 'direct.json'), {
      status: 'failed',
      sha256: null,
      last_error: `blocked: plain http to 127.0.0.1:${port} (only https, or http to a host in HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS)`,
    });
    assert.match(
      String((await statusOf(accountId, 'by-name.json'))!.last_error),
      /^blocked: localhost resolves to .* loopback address$/,
    );
    assert.match(
      String((await statusOf(accountId, 'plain.pdf'))!.last_error),
      /^blocked: plain http to files\.example\.com /,
    );
    assert.match(
      String((await statusOf(accountId, 'redirected.json'))!.last_error),
      /^blocked: plain http to localhost:\d+ .*\(redirect 1, to localhost:\d+\)$/,
    );
    assert.equal(await fileCount(accountId), filesBefore, 'nothing stored');
    const secrets = await t.db.query<Row>(
      `SELECT count(*)::int AS n FROM hostaway.attachment_files
       WHERE position('clientSecret'::bytea in content) > 0`,
    );
    assert.equal(secrets.rows[0]!.n, 0);
  });

  it('a file refused as too large is not downloaded again until the limit admits the size seen', async () => {
    const accountId = sim.accounts[0]!.accountId;
    await addFiles(accountId, [{ name: 'big.pdf', sizeBytes: CAP + 1000 }]);
    const row = async () =>
      (
        await t.db.query<Row>(
          `SELECT status, attempts, refused_size_bytes FROM hostaway.message_attachments
           WHERE account_id = $1 AND name = 'big.pdf'`,
          [accountId],
        )
      ).rows[0]!;
    assert.equal((await pass(accountId, 'full')).result.skipped, 1);
    const refused = await row();
    assert.deepEqual(refused, { status: 'refused', attempts: 1, refused_size_bytes: CAP + 1000 });
    await pass(accountId, 'full');
    // Re-signed URLs (only the query changes) name the same file.
    sim.expireAttachmentUrls(accountId);
    await syncThreads(accountId);
    await pass(accountId, 'full', { maxBytes: CAP + 999 });
    assert.deepEqual(await row(), refused, 'three full passes later: not fetched again');
    const raised = await pass(accountId, 'incremental', { maxBytes: CAP + 1000 });
    assert.equal(raised.result.fetched, 1);
    assert.deepEqual(await row(), { status: 'stored', attempts: 2, refused_size_bytes: null });
  });

  it('reads and deletes only inside the file store: a stored path leading out of it is refused', async () => {
    const accountId = 990_002;
    await insertAccount(t.db, { accountId, customerId: randomUUID(), clientSecret: 'x' });
    const store = await mkdtemp(join(tmpdir(), 'hs-store-'));
    const outside = await mkdtemp(join(tmpdir(), 'hs-outside-'));
    try {
      await writeFile(join(outside, 'secret.txt'), 'secret');
      await symlink(outside, join(store, 'ab'));
      const paths = [
        '../' + outside.split('/').pop() + '/secret.txt',
        join(outside, 'secret.txt'),
        'ab/secret.txt',
      ];
      for (const [i, path] of paths.entries()) {
        const hash = String(i).repeat(64);
        await t.db.query(
          `INSERT INTO hostaway.attachment_files (account_id, sha256, size_bytes, storage_path)
           VALUES ($1, $2, 6, $3)`,
          [accountId, hash, path],
        );
        await t.db.query(
          `INSERT INTO hostaway.message_attachments
             (account_id, attachment_id, customer_id, conversation_id, message_id, status, sha256)
           SELECT $1, $2, customer_id, 1, 1, 'stored', $3 FROM hostaway.accounts WHERE account_id = $1`,
          [accountId, 880_000 + i, hash],
        );
        await assert.rejects(locateAttachment(t.db, 880_000 + i, { accountId, dir: store }), {
          code: 'CONFIG',
          message: /leads outside the file store/,
        });
      }
      await t.db.query('DELETE FROM hostaway.accounts WHERE account_id = $1', [accountId]);
      const files = paths.map((storagePath, i) => ({ sha256: String(i).repeat(64), storagePath }));
      assert.equal(await deleteUnreferencedFiles(t.db, store, files), 0);
      assert.equal(await readFile(join(outside, 'secret.txt'), 'utf8'), 'secret', 'never deleted');
    } finally {
      await rm(store, { recursive: true, force: true });
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('downloads leave from HOSTAWAY_LOCAL_ADDRESS, with the hosts HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS lists', async () => {
    const accountId = sim.accounts[0]!.accountId;
    const from: string[] = [];
    const host = createServer((req, res) => {
      from.push(String(req.socket.remoteAddress));
      res.writeHead(200, { 'content-type': 'text/plain' }).end('from the file host\n');
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = host.address() as AddressInfo;
      await addFiles(accountId, [{ name: 'elsewhere.txt', url: `http://127.0.0.1:${port}/elsewhere.txt` }]);
      const configured = syncSettings(
        loadConfig({
          HOSTAWAY_LOCAL_ADDRESS: '127.0.0.2',
          HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS: `127.0.0.1:${port}`,
        }),
      ).attachments;
      const { result } = await pass(accountId, 'incremental', { ...configured, maxBytes: CAP });
      assert.equal(result.fetched, 1);
      assert.deepEqual(from, ['127.0.0.2']);
      assert.equal((await statusOf(accountId, 'elsewhere.txt'))!.status, 'stored');
    } finally {
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
    }
  });

  it('a pass capped by perRun says how many due files it leaves for the next run', async () => {
    const accountId = sim.accounts[0]!.accountId;
    await addFiles(
      accountId,
      ['one', 'two', 'three'].map((name) => ({ name: `${name}.txt`, isPublic: 1, sizeBytes: 100 })),
    );
    const { progress } = await pass(accountId, 'incremental', { perRun: 1 });
    const due = await t.db.query<Row>(
      `SELECT count(*) AS n FROM hostaway.message_attachments WHERE account_id = $1 AND status = 'pending'`,
      [accountId],
    );
    assert.ok(Number(due.rows[0]!.n) >= 2, `${due.rows[0]!.n} still pending`);
    assert.deepEqual(progress, { done: 1, total: 1, leftForNextRun: Number(due.rows[0]!.n) });
  });
});
