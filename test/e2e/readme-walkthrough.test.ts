import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CLI } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import {
  fences,
  MARKER_KINDS,
  readmeBlocks,
  sqlExamples,
  type ReadmeBlock,
} from '../helpers/readme-commands.js';
import { checkCron, checkOffline } from '../helpers/readme-offline.js';

/**
 * Every `sh` block of the README, top to bottom, as a new operator copying them in order would run them, on
 * a fresh database at smoke sizes. A block that cannot run here is marked on the line before its fence
 * (`<!-- readme-walkthrough: offline: why -->`) and checked without running: each of its commands must be
 * one test/helpers/readme-offline.ts knows how to check, so no block goes unchecked. An
 * unmarked block always runs, so a new one cannot drop out of the walkthrough unnoticed.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Commands this test does not run: it runs in the installed, built checkout, as part of `npm test`. */
const NOT_RUN = new Set(['npm install', 'npm ci', 'npm test']);
/** The whole walkthrough takes a minute or two on a busy CI machine; a block that hangs fails it instead. */
const SCRIPT_TIMEOUT_MS = 5 * 60_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Place {
  port: number;
  /** Each `DATABASE_URL` the README exports, to this test's database standing in for it. */
  databases: Map<string, string>;
}

/**
 * A README command as the walkthrough runs it: the built CLI for `hostaway-sync`, smoke sizes for the big
 * ones, a free port for 4010, a database of this test for each one the README names, and the simulator
 * awaited once started.
 */
function adapt(command: string, at: Place) {
  let text = command
    .replace(/(^|[|(]\s*)(npx )?hostaway-sync\b/gm, '$1node "$HOSTAWAY_SYNC_CLI"')
    .replaceAll('4010', String(at.port));
  if (/ demo$/.test(text)) text += ' --reservations 40 --listings 3';
  const url = /^export DATABASE_URL=(\S+)$/.exec(text)?.[1];
  if (url !== undefined) text = at.databases.get(url)!;
  if (text.includes(' simulate ')) {
    text = text
      .replace('--listings 50 --reservations 2000', '--listings 3 --reservations 40 --no-rate-limit')
      .replace(/&$/, '> simulator.log 2>&1 &');
    text += `\nuntil curl -sf http://127.0.0.1:${at.port}/_sim/accounts > /dev/null; do sleep 0.2; done`;
  }
  return text;
}

const where = (block: ReadmeBlock) => `README.md:${block.line} (${block.heading})`;

/** A word for bash: single-quoted, each `'` written as `'\''`. */
const shellQuoted = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

/** Every query of the README's `sql` blocks (the schema's examples), where each was written. */
const SQL_EXAMPLES = fences(README)
  .filter((fence) => fence.language === 'sql')
  .flatMap((fence) =>
    sqlExamples(fence.body).map((example, n) => ({
      ...example,
      key: `sql-${fence.line}-${n}`,
      where: `README.md:${fence.line} (${fence.heading}): ${example.label}`,
    })),
  );

describe('README walkthrough: every sh block, top to bottom', () => {
  const blocks = readmeBlocks(README);
  const run = blocks.filter((block) => block.marker === undefined);
  let dir: string;
  const servers: TestDatabase[] = [];
  const databases = new Map<string, string>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostaway-sync-readme-'));
    const urls = new Set(
      run.flatMap((block) => block.commands.flatMap((c) => /^export DATABASE_URL=(\S+)$/.exec(c)?.[1] ?? [])),
    );
    for (const url of urls) {
      if (process.env['TEST_DATABASE_URL']) {
        const server = await createTestDatabase({ migrate: false });
        servers.push(server);
        databases.set(url, `export DATABASE_URL=${server.url}`);
      } else databases.set(url, `export HOSTAWAY_SYNC_DATA_DIR=${dir}/server-${databases.size + 1}`);
    }
  });
  after(async () => {
    for (const server of servers) await server.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has every shell block written as `sh`, and marks the others with a reason', () => {
    const shellLike = fences(README).filter((f) =>
      ['', 'bash', 'shell', 'console', 'zsh'].includes(f.language),
    );
    assert.deepEqual(
      shellLike.map((f) => `README.md:${f.line} (${f.heading}) is \`\`\`${f.language}`),
      [],
      'write shell commands as ```sh so the walkthrough runs them',
    );
    for (const block of blocks.filter((b) => b.marker)) {
      assert.ok(
        (MARKER_KINDS as readonly string[]).includes(block.marker!.kind) && block.marker!.reason !== '',
        `${where(block)}: a marker is <!-- readme-walkthrough: ${MARKER_KINDS.join('|')}: why -->`,
      );
    }
  });

  it('checks the blocks that need a cluster, docker or the whole suite, and the crontab, without running them', async (t) => {
    for (const block of blocks.filter((b) => b.marker?.kind === 'offline')) {
      const checked = await checkOffline(block.commands, ROOT);
      t.diagnostic(`${where(block)}: offline (${block.marker!.reason}): ${checked.join('; ')}`);
    }
    for (const fence of fences(README).filter((f) => f.language === 'cron'))
      t.diagnostic(
        `README.md:${fence.line} (${fence.heading}): crontab: ${(await checkCron(fence.body)).join('; ')}`,
      );
  });

  it('runs every other block on a fresh machine, and the view and sql examples find rows', async (t) => {
    const at = { port: await freePort(), databases };
    const steps = run.flatMap((block, b) =>
      block.commands.filter((c) => !NOT_RUN.has(c)).map((text, c) => ({ block, b, c, text })),
    );
    const views = ['review_summary', 'task_summary'].map((view) => {
      const step = steps.find((s) => s.text.startsWith('hostaway-sync sql') && s.text.includes(`.${view}`));
      assert.ok(step, `the README queries ${view}`);
      return { view, step };
    });
    const id = (s: { b: number; c: number }) => `${s.b}.${s.c}`;
    const script = [
      'set -euo pipefail',
      'exec 2>&1',
      "trap 'kill $(jobs -p) 2> /dev/null || true' EXIT",
      ...steps.map((s) => `echo "@@@ ${id(s)} $(date +%s%N)"\n${adapt(s.text, at)}`),
      // The same view examples on the demo's database (Quick start, embedded).
      ...views.map(
        ({ view, step }) =>
          `echo "@@@ demo-${view} $(date +%s%N)"\nenv -u DATABASE_URL -u HOSTAWAY_SYNC_DATA_DIR HOSTAWAY_SYNC_DATA_DIR="$DEMO_DATA_DIR" ${adapt(step.text, at)}`,
      ),
      // The schema's JSONB examples, each through `hostaway-sync sql` on the demo's database.
      ...SQL_EXAMPLES.map(
        (example) =>
          `echo "@@@ ${example.key} $(date +%s%N)"\nenv -u DATABASE_URL HOSTAWAY_SYNC_DATA_DIR="$DEMO_DATA_DIR" node "$HOSTAWAY_SYNC_CLI" sql ${shellQuoted(example.query)}`,
      ),
      'echo "@@@ end $(date +%s%N)"',
    ].join('\n');
    const child = spawn('bash', ['-c', script], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        HOSTAWAY_SYNC_CLI: CLI,
        HOSTAWAY_SYNC_DATA_DIR: join(dir, 'data'),
        DEMO_DATA_DIR: join(dir, 'data'),
        // With `simulate --no-rate-limit` the README sets these too.
        HOSTAWAY_RATE_LIMIT_PER_IP: '10000',
        HOSTAWAY_RATE_LIMIT_PER_ACCOUNT: '10000',
        // No second's wait after each token the simulator mints (as in every other CLI test), and a 1-s rate
        // window: with a server database a command waits up to one window for the share the command before
        // it gave up (8-10 s a command at Hostaway's 10 s).
        HOSTAWAY_TOKEN_ACTIVATION_MS: '0',
        HOSTAWAY_RATE_LIMIT_WINDOW_MS: '1000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), SCRIPT_TIMEOUT_MS);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    // Each command's output and start time, by its marker.
    const parts = output
      .split(/^@@@ /m)
      .slice(1)
      .map((part) => {
        const [key, nanos] = part.slice(0, part.indexOf('\n')).split(' ');
        return { key: key!, at: Number(BigInt(nanos!) / 1_000_000n), text: part };
      });
    const outputs = new Map(parts.map((p) => [p.key, p.text]));
    const last = parts.at(-1);
    if (last?.key !== 'end') {
      const failed = steps.find((s) => id(s) === last?.key);
      const query = SQL_EXAMPLES.find((example) => example.key === last?.key);
      assert.fail(
        `${failed ? `${where(failed.block)}: \`${failed.text}\`` : (query?.where ?? 'the script')} ${
          code === null ? `did not end within ${SCRIPT_TIMEOUT_MS / 1000} s` : `failed (exit ${code})`
        }:\n${(last?.text ?? output).slice(-3000)}`,
      );
    }
    assert.equal(code, 0, output.slice(-3000));
    for (const [b, block] of run.entries()) {
      const own = parts.filter((p) => p.key.startsWith(`${b}.`));
      const next = parts[parts.indexOf(own.at(-1)!) + 1];
      const seconds = own[0] && next ? ((next.at - own[0].at) / 1000).toFixed(1) : '0';
      const skipped = block.commands.filter((c) => NOT_RUN.has(c));
      t.diagnostic(
        `${where(block)}: ran ${own.length} commands in ${seconds} s` +
          (skipped.length ? ` (not run here: ${skipped.join(', ')})` : ''),
      );
    }
    const rows = /\([1-9]\d* rows?\)/;
    for (const { view, step } of views) {
      assert.match(outputs.get(id(step)) ?? '', rows, `the ${view} example found no rows`);
      assert.match(
        outputs.get(`demo-${view}`) ?? '',
        rows,
        `after the demo the ${view} example found no rows`,
      );
    }
    assert.ok(SQL_EXAMPLES.length >= 4, 'the schema section has its sql examples');
    for (const example of SQL_EXAMPLES) {
      const shown = outputs.get(example.key) ?? '';
      assert.match(shown, rows, `${example.where}: found no rows after the demo:\n${shown}`);
      t.diagnostic(`${example.where}: ${rows.exec(shown)![0]}`);
    }
  });
});
