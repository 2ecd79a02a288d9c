/**
 * npm run bench [-- --smoke]: runs the benchmarks and prints a Markdown table (figures go to BENCHMARKS.md).
 * --smoke uses tiny sizes so CI proves the benchmark code still runs; its figures mean nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchFullSync } from './full-sync.js';

const smoke = process.argv.includes('--smoke');
const size = smoke ? { listings: 5, reservations: 50 } : { listings: 100, reservations: 5000 };

const full = await benchFullSync(size);
const table = [
  '| account (listings / reservations / threads) | database | wall time | rows written | rows/s | API requests | peak RSS | unchanged re-sync | rows updated by re-sync |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  `| ${full.size} | ${full.database} | ${full.wallSeconds} s | ${full.rowsWritten} | ${full.rowsPerSecond} | ${full.apiRequests} | ${full.peakRssMiB} MiB | ${full.resyncSeconds} s | ${full.resyncRowsUpdated} |`,
].join('\n');
process.stdout.write(`${table}\n`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), JSON.stringify({ smoke, full }, null, 2));
if (full.resyncRowsUpdated !== 0) {
  process.stderr.write('an unchanged re-sync wrote rows\n');
  process.exitCode = 1;
}
