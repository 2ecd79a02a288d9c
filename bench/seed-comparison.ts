/**
 * hostaway-sync beside the original Python service (steviecg02/sync-hostaway) on one simulator, rate limits
 * off, the same account: alternating rounds of (original: full sync, unchanged full sync) and (ours: `sync
 * full`, unchanged `sync full`), each a process of its own under /usr/bin/time, each on a fresh database.
 * Prints the raw figures per round, medians and ours ÷ original; writes bench/results/seed-comparison.json.
 *
 *   node --import tsx bench/seed-comparison.ts --seed-tree /tmp/peer/sync-hostaway [--rounds 3]
 *     [--listings 100 --reservations 5000]
 *
 * The original's tree is prepared once by bench/seed-service/setup.sh (see BENCHMARKS.md); it runs on
 * Debian's /usr/bin/python3. Needs a PostgreSQL server (BENCH_DATABASE_URL / TEST_DATABASE_URL, else the
 * local one) and the built CLI.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createDatabase } from '../src/db/database.js';
import { createCliAccount, measureAround, type RunFigures } from './cli-account.js';
import { createCounterReader } from './database-counters.js';
import { round } from './harness.js';
import { reachableServerUrl } from './server-database.js';
import { startSimulatorProcess, type SimulatorProcess } from './simulator-process.js';
import { runTimed } from './timed-process.js';

interface Pair {
  full: RunFigures;
  resync: RunFigures;
}

const { values } = parseArgs({
  options: {
    'seed-tree': { type: 'string', default: '/tmp/peer/sync-hostaway' },
    rounds: { type: 'string', default: '3' },
    listings: { type: 'string', default: '100' },
    reservations: { type: 'string', default: '5000' },
  },
});
const RUNNER = new URL('./seed-service/run_seed.py', import.meta.url).pathname;

/** One round of the original: a fresh database, its migrations, the account row, two full syncs. */
async function seedRound(serverUrl: string, tree: string, simulator: SimulatorProcess): Promise<Pair> {
  const name = `hs_seed_${randomBytes(4).toString('hex')}`;
  const admin = await createDatabase({ url: serverUrl, poolSize: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pythonUrl = url.toString().replace(/^postgres:/, 'postgresql:');
  const env = {
    DATABASE_URL: pythonUrl,
    ALLOWED_ORIGINS: 'x',
    WEBHOOK_USERNAME: 'x',
    WEBHOOK_PASSWORD: 'x',
    WEBHOOK_BASE_URL: 'https://hooks.example.invalid',
    LOG_LEVEL: 'INFO',
  };
  try {
    const migrate = await runTimed('/usr/bin/python3', ['-m', 'alembic', 'upgrade', 'head'], {
      env,
      cwd: tree,
    });
    if (migrate.code !== 0)
      throw new Error(`the original's migrations exited ${migrate.code}: ${migrate.stderr}`);
    const account = simulator.accounts[0]!;
    const db = await createDatabase({ url: url.toString(), poolSize: 1 });
    await db.query(
      'INSERT INTO hostaway.accounts (account_id, client_secret, is_active) VALUES ($1, $2, true)',
      [account.accountId, account.clientSecret],
    );
    await db.close();
    const counters = await createCounterReader(serverUrl, name, url.toString());
    try {
      // The original keeps no bookkeeping tables apart: every row it writes counts as a mirror row.
      const run = (wal: boolean) =>
        measureAround(counters, simulator.baseUrl, { wal, mirrorTables: 'all' }, async () => {
          const sync = await runTimed(
            '/usr/bin/python3',
            [RUNNER, '--base-url', simulator.baseUrl, '--account', String(account.accountId)],
            { env, cwd: tree },
          );
          if (sync.code !== 0) throw new Error(`the original's sync exited ${sync.code}: ${sync.stderr}`);
          return { seconds: sync.cost.wallSeconds, cost: sync.cost };
        });
      const full = await run(false);
      const resync = await run(true);
      return { full, resync };
    } finally {
      await counters.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
}

/** One round of ours: `sync full` twice through the built CLI on a fresh database. */
async function oursRound(serverUrl: string, simulator: SimulatorProcess): Promise<Pair> {
  const account = await createCliAccount(serverUrl, simulator);
  try {
    const args = ['sync', 'full', '--account', String(account.accountId)];
    const full = await account.measure(args, { timed: true });
    const resync = await account.measure(args, { timed: true, wal: true });
    return { full, resync };
  } finally {
    await account.drop();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const MEASURES: [string, (p: Pair) => number][] = [
  ['full sync wall, s', (p) => p.full.cost!.wallSeconds],
  ['full sync CPU (user + sys), s', (p) => p.full.cost!.cpuSeconds],
  ['full sync peak RSS, MiB', (p) => p.full.cost!.maxRssMiB],
  ['API requests of the full sync', (p) => p.full.apiRequests],
  ['PostgreSQL transactions per full sync', (p) => p.full.transactions],
  ['rows written by the full sync', (p) => p.full.rowsWritten],
  ['unchanged re-sync wall, s', (p) => p.resync.cost!.wallSeconds],
  ['WAL of an unchanged re-sync, bytes', (p) => p.resync.walBytes ?? NaN],
  ['rows written by an unchanged re-sync', (p) => p.resync.rowsWritten],
  ['PostgreSQL transactions per unchanged re-sync', (p) => p.resync.transactions],
];

function comparisonTable(seed: Pair[], ours: Pair[]): string {
  const rows = MEASURES.map(([label, of]) => {
    const s = median(seed.map(of));
    const o = median(ours.map(of));
    const raw = (pairs: Pair[]) => pairs.map(of).join(', ');
    return `| ${label} | ${round(s, 2)} (${raw(seed)}) | ${round(o, 2)} (${raw(ours)}) | ${s === 0 ? '-' : round(o / s, 3)} |`;
  });
  return [
    '| figure | original (median; each round) | ours (median; each round) | ours ÷ original |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

const serverUrl = await reachableServerUrl();
if (!serverUrl) throw new Error('the comparison needs a PostgreSQL server: none answered');
const size = { listings: Number(values.listings), reservations: Number(values.reservations) };
const simulator = await startSimulatorProcess(size);
const seed: Pair[] = [];
const ours: Pair[] = [];
try {
  for (let i = 0; i < Number(values.rounds); i++) {
    seed.push(await seedRound(serverUrl, values['seed-tree']!, simulator));
    process.stderr.write(`round ${i + 1}: original ${JSON.stringify(seed.at(-1))}\n`);
    ours.push(await oursRound(serverUrl, simulator));
    process.stderr.write(`round ${i + 1}: ours ${JSON.stringify(ours.at(-1))}\n`);
  }
} finally {
  simulator.stop();
}
const table = comparisonTable(seed, ours);
process.stdout.write(
  `Account ${size.listings} / ${size.reservations} / ${size.reservations}, simulator rate limits off, ` +
    `${seed.length} alternating rounds.\n\n${table}\n`,
);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/seed-comparison.json', import.meta.url),
  JSON.stringify({ size, seed, ours, table }, null, 2),
);
