import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { readmeCommands } from '../helpers/readme-commands.js';

/**
 * The sections a new operator follows, top to bottom. A block they must not run here (one that never ends,
 * or needs a cluster) is marked in the README with `<!-- readme-walkthrough: skip -->` on the line before.
 */
const SECTIONS = ['Quick start', 'Set up', 'The simulator, step by step', 'Querying: `sql` and the views'];
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Commands this test does not run: it runs in the installed, built checkout, as part of `npm test`. */
const NOT_RUN = new Set(['npm install', 'npm ci', 'npm test']);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A README command as the walkthrough runs it: the built CLI for `hostaway-sync`, smoke sizes for the big
 * ones, a free port for 4010, this test's database for the README's, and the simulator awaited once started.
 */
function adapt(command: string, at: { port: number; databaseUrl: string | undefined; dataDir: string }) {
  let text = command
    .replace(/(^|[|(]\s*)(npx )?hostaway-sync\b/gm, '$1node "$HOSTAWAY_SYNC_CLI"')
    .replaceAll('4010', String(at.port));
  if (/ demo$/.test(text)) text += ' --reservations 40 --listings 3';
  if (text.startsWith('export DATABASE_URL='))
    text = at.databaseUrl
      ? `export DATABASE_URL=${at.databaseUrl}`
      : `export HOSTAWAY_SYNC_DATA_DIR=${at.dataDir}/server`;
  if (text.includes(' simulate ')) {
    text = text
      .replace('--listings 50 --reservations 2000', '--listings 3 --reservations 40 --no-rate-limit')
      .replace(/&$/, '> simulator.log 2>&1 &');
    text += `\nuntil curl -sf http://127.0.0.1:${at.port}/_sim/accounts > /dev/null; do sleep 0.2; done`;
  }
  return text;
}

describe(`README walkthrough (${SECTIONS.join(', ')})`, () => {
  let dir: string;
  let server: TestDatabase | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostaway-sync-readme-'));
    server = process.env['TEST_DATABASE_URL'] ? await createTestDatabase({ migrate: false }) : undefined;
  });
  after(async () => {
    await server?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every command block runs on a fresh machine, and the view examples find rows', async () => {
    const commands = readmeCommands(README, SECTIONS).filter((c) => !NOT_RUN.has(c.text));
    assert.ok(commands.length >= 20, `${commands.length} commands found`);
    const at = { port: await freePort(), databaseUrl: server?.url, dataDir: dir };
    const views = ['review_summary', 'task_summary'].map((view) => {
      const index = commands.findIndex((c) => c.section.startsWith('Querying') && c.text.includes(view));
      assert.ok(index >= 0, `the README queries ${view}`);
      return { view, index };
    });
    const script = [
      'set -euo pipefail',
      'exec 2>&1',
      "trap 'kill $(jobs -p) 2> /dev/null || true' EXIT",
      ...commands.map((c, i) => `echo "@@@ ${i}"\n${adapt(c.text, at)}`),
      // The same view examples on the demo's database (Quick start, embedded).
      ...views.map(
        ({ view, index }) =>
          `echo "@@@ demo ${view}"\nenv -u DATABASE_URL ${adapt(commands[index]!.text, at)}`,
      ),
      'echo "@@@ end"',
    ].join('\n');
    const child = spawn('bash', ['-c', script], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        HOSTAWAY_SYNC_CLI: CLI,
        HOSTAWAY_SYNC_DATA_DIR: join(dir, 'data'),
        // With `simulate --no-rate-limit` the README sets these too.
        HOSTAWAY_RATE_LIMIT_PER_IP: '10000',
        HOSTAWAY_RATE_LIMIT_PER_ACCOUNT: '10000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    // Each command's output, by its marker.
    const outputs = new Map(
      output
        .split(/^@@@ /m)
        .slice(1)
        .map((part) => [part.slice(0, part.indexOf('\n')), part] as const),
    );
    const last = [...outputs.values()].at(-1) ?? '';
    const failed = commands[Number(last.split('\n')[0])];
    assert.equal(
      code,
      0,
      `${failed ? `[${failed.section}] ${failed.text}` : 'the script'} failed:\n${last.slice(-3000)}`,
    );
    const rows = /\([1-9]\d* rows?\)/;
    for (const { view, index } of views) {
      assert.match(outputs.get(String(index)) ?? '', rows, `the ${view} example found no rows`);
      assert.match(
        outputs.get(`demo ${view}`) ?? '',
        rows,
        `after the demo the ${view} example found no rows`,
      );
    }
  });
});
