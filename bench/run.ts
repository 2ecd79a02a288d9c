/**
 * npm run bench [-- --smoke] [--case NAME …]: runs the benchmarks of bench/cases.ts (every one, or those
 * named) and prints Markdown tables (figures go to BENCHMARKS.md). --smoke uses tiny sizes so CI proves the
 * benchmark code still runs; its times mean nothing, its counts are held to the same budgets
 * (bench/budgets.ts) as the full run's. Exits 1 on a failed check or a budget overrun, 2 on an unknown case.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { budgetTable, checkBudgets, describeOverrun, type Reading } from './budgets.js';
import { BENCH_CASES } from './cases.js';
import { reachableServerUrl } from './server-database.js';

const { values } = parseArgs({
  options: { smoke: { type: 'boolean', default: false }, case: { type: 'string', multiple: true } },
});
const smoke = values.smoke;
const unknown = (values.case ?? []).filter((name) => !BENCH_CASES.some((c) => c.name === name));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown bench case ${unknown.join(', ')}; the cases: ${BENCH_CASES.map((c) => c.name).join(', ')}\n`,
  );
  process.exit(2);
}
const cases = values.case ? BENCH_CASES.filter((c) => values.case!.includes(c.name)) : BENCH_CASES;

const benchStarted = performance.now();
// Process cases need a server database; the others use BENCH_DATABASE_URL / TEST_DATABASE_URL or PGlite.
const serverUrl = await reachableServerUrl();
const figures: Record<string, unknown> = {};
const problems: string[] = [];
const targets: string[] = [];
const readings: Reading[] = [];
for (const benchCase of cases) {
  if (benchCase.needsServer && serverUrl === undefined) {
    process.stdout.write(`Case ${benchCase.name} skipped: no PostgreSQL server answered.\n\n`);
    continue;
  }
  const outcome = await benchCase.run(smoke, serverUrl);
  figures[benchCase.name] = outcome.figures;
  if (outcome.report !== undefined) process.stdout.write(`${outcome.report}\n\n`);
  problems.push(...outcome.problems);
  targets.push(...outcome.targets);
  readings.push(...outcome.readings);
}
// The budgets scale with the full sync's requests, read by the fixed-figures case.
const fullSync = readings.find((r) => r.case === 'full sync' && r.figure === 'API requests');
const scale = { fullSyncRequests: fullSync?.value ?? 0 };
const overruns = fullSync ? checkBudgets(readings, scale) : [];
process.stdout.write(
  fullSync
    ? `${budgetTable(readings, scale)}\n`
    : 'Counted figures and their budgets skipped: the fixed-figures case did not run.\n',
);
const runtimeSeconds = Math.round((performance.now() - benchStarted) / 1000);
process.stdout.write(`\nBenchmark runtime: ${runtimeSeconds} s.\n`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/latest.json', import.meta.url),
  JSON.stringify({ smoke, runtimeSeconds, ...figures, overruns }, null, 2),
);
for (const target of targets) process.stderr.write(`bench target missed: ${target}\n`);
for (const problem of problems) process.stderr.write(`bench check failed: ${problem}\n`);
for (const overrun of overruns) process.stderr.write(`bench budget overrun: ${describeOverrun(overrun)}\n`);
if (problems.length > 0 || overruns.length > 0) process.exitCode = 1;
