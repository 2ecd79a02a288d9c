import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_CUSTOMER_ID } from '../../src/cli/support/demo-account.js';
import { createDatabase } from '../../src/db/database.js';
import { errorRecord, runCli } from '../helpers/cli.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../helpers/database.js';

interface Resource {
  fetched: number;
  inserted: number;
  updated: number;
  unchanged: number;
}
interface DemoJson {
  exitCode: number;
  account: 'added' | 'reused';
  accountId: number;
  changes: string[];
  full: { status: string; apiRequests: number; resources: Record<string, Resource> };
  incremental: { status: string; resources: Record<string, Resource> };
  rows: { listings: number; reservations: number; threads: number; messages: number };
  samples: {
    calendarDays: number;
    calendarDay: { listingId: number; day: string; status: string } | null;
    attachments: { found: number; stored: number };
    attachment: { attachmentId: number; sha256: string; sizeBytes: number } | null;
  };
}

/** Human lines of stderr (JSON log lines dropped: stderr is not a terminal here). */
const humanLines = (stderr: string) =>
  stderr
    .trim()
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('{'));

describe('hostaway-sync demo and sql (built CLI)', () => {
  let server: TestDatabase | undefined;
  let dataDir: string;
  let env: Record<string, string>;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hostaway-sync-demo-'));
    if (testServerUrl()) server = await createTestDatabase({ migrate: false });
    env = server?.url ? { DATABASE_URL: server.url } : { HOSTAWAY_SYNC_DATA_DIR: dataDir };
  });
  after(async () => {
    await server?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('demo --json: migrates, syncs, changes a few records, syncs incrementally, reports', async () => {
    const result = await runCli(['demo', '--json', '--reservations', '60', '--listings', '5'], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr.split('\n')[0]!,
      /"msg":"using database"/,
      'the first line names the database',
    );
    const report = JSON.parse(result.stdout) as DemoJson;
    assert.equal(report.exitCode, 0);
    assert.equal(report.account, 'added');
    assert.equal(report.full.status, 'succeeded');
    assert.equal(report.full.resources['reservations']!.inserted, 60);
    assert.equal(report.full.resources['threads']!.inserted, 60);
    assert.equal(report.changes.length, 4, report.changes.join('; '));
    const { reservations, threads } = report.incremental.resources;
    assert.equal(report.incremental.status, 'succeeded');
    assert.deepEqual([reservations!.inserted, reservations!.updated], [1, 2]);
    assert.deepEqual([threads!.inserted, threads!.updated], [1, 2]);
    assert.deepEqual(
      { ...report.rows, messages: undefined },
      { listings: 5, reservations: 61, threads: 61, messages: undefined },
    );
    const { calendarDays, calendarDay, attachments, attachment } = report.samples;
    assert.equal(report.full.resources['calendar']!.inserted, calendarDays);
    assert.ok(calendarDays >= 5 * 365, `${calendarDays} calendar days`);
    assert.equal(calendarDay?.listingId, 100001);
    assert.ok(attachments.found > 0);
    assert.equal(attachments.stored, attachments.found, 'every attachment is downloaded');
    assert.equal(report.full.resources['attachments']!.fetched, attachments.found);
    assert.equal(report.incremental.resources['attachments']!.fetched, 0, 'and not again');
    assert.ok(attachment !== null);
  });

  it('demo again reuses its account and tells the story in words', async () => {
    const result = await runCli(['demo', '--reservations', '60', '--listings', '5'], { env });
    assert.equal(result.code, 0, result.stderr);
    for (const heading of [
      'Full sync',
      'Meanwhile in Hostaway',
      'Incremental sync',
      'What happened',
      'Try it',
    ]) {
      assert.ok(result.stdout.includes(heading), heading);
    }
    assert.match(result.stdout, /demo account 10001 reused/);
    assert.match(result.stdout, /npx hostaway-sync sql "select/);
    assert.match(result.stdout, /npx hostaway-sync accounts remove 10001 --hard --yes/);
    assert.match(result.stdout, /A calendar day: listing 100001 on \d{4}-\d\d-\d\d is \w+, price \d+/);
    assert.match(result.stdout, /An attachment: .+\n +npx hostaway-sync attachments get \d+ -o \S+\n/);
    assert.doesNotMatch(result.stdout, new RegExp(String.fromCharCode(27)), 'no colours off a terminal');
  });

  it('sql prints a table, and --json an array', async () => {
    const table = await runCli(
      ['sql', 'select status, count(*) from hostaway.reservation_summary group by 1 order by 1'],
      { env },
    );
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^status +\| count\n-+\+-+\n/);
    assert.match(table.stdout, /cancelled +\| +\d+/);
    const json = await runCli(['sql', 'select count(*)::int as n from hostaway.listing_summary', '--json'], {
      env,
    });
    assert.deepEqual(JSON.parse(json.stdout), [{ n: 5 }]);
  });

  it('sql refuses to write: exit 2, one error record and a hint', async () => {
    const result = await runCli(['sql', 'delete from hostaway.reservations'], { env });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(humanLines(result.stderr).length, 0, 'off a terminal the error is a JSON log record');
    const error = errorRecord(result.stderr);
    assert.equal(error?.msg, 'the sql command only reads: cannot execute DELETE in a read-only transaction');
    assert.ok(error.hint, 'with a hint');
    const count = await runCli(['sql', 'select count(*)::int as n from hostaway.reservations', '--json'], {
      env,
    });
    assert.deepEqual(JSON.parse(count.stdout), [{ n: 61 }]);
  });

  it('attachments list and get: the stored bytes, exactly', async () => {
    const list = await runCli(['attachments', 'list', '--status', 'stored', '--json'], { env });
    assert.equal(list.code, 0, list.stderr);
    const [first] = JSON.parse(list.stdout) as { attachmentId: number; sha256: string; sizeBytes: number }[];
    assert.ok(first, 'stored attachments are listed');
    const output = join(dataDir, 'attachment.out');
    const get = await runCli(['attachments', 'get', String(first.attachmentId), '-o', output], { env });
    assert.equal(get.code, 0, get.stderr);
    const bytes = readFileSync(output);
    assert.equal(bytes.length, first.sizeBytes);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), first.sha256);
    const again = await runCli(['attachments', 'get', String(first.attachmentId), '-o', output], { env });
    assert.equal(again.code, 2, 'an existing file needs --force');
    assert.match(errorRecord(again.stderr)?.msg ?? '', /attachment\.out exists$/);
    const unknown = await runCli(['attachments', 'get', '1', '-o', '-'], { env });
    assert.equal(unknown.code, 2);
    assert.equal(errorRecord(unknown.stderr)?.msg, 'attachment 1 does not exist');
  });

  it('leaves the demo account inactive and flagged; accounts remove --hard removes it', async () => {
    const list = await runCli(['accounts', 'list', '--json'], { env });
    const [account] = JSON.parse(list.stdout) as {
      accountId: number;
      customerId: string;
      isActive: boolean;
    }[];
    assert.deepEqual(
      [account?.accountId, account?.customerId, account?.isActive],
      [10001, DEMO_CUSTOMER_ID, false],
    );
    const removed = await runCli(['accounts', 'remove', '10001', '--hard', '--yes'], { env });
    assert.equal(removed.code, 0, removed.stderr);
    const count = await runCli(['sql', 'select count(*)::int as n from hostaway.reservations', '--json'], {
      env,
    });
    assert.deepEqual(JSON.parse(count.stdout), [{ n: 0 }]);
  });

  it(
    'with the embedded database, a second process is refused with exit 75',
    { skip: testServerUrl() !== undefined },
    async () => {
      const holder = await createDatabase({ dataDir });
      try {
        const result = await runCli(['sql', 'select 1'], { env });
        assert.equal(result.code, 75, result.stderr);
        const error = errorRecord(result.stderr);
        assert.match(
          error?.msg ?? '',
          new RegExp(`^the embedded database in .* is in use by process ${process.pid} `),
        );
        assert.match(error?.hint ?? '', /^it serves one process at a time: .*DATABASE_URL/);
      } finally {
        await holder.close();
      }
    },
  );
});
