/** Runs benchDbWrites in a process of its own (a clean heap) and prints its figures as one JSON line. */
import { benchDbWrites } from './db-writes.js';

const rows = Number(process.argv[2] ?? 5000);
process.stdout.write(`${JSON.stringify(await benchDbWrites({ rows }))}\n`);
