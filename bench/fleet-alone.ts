/**
 * The fleet case alone (npm run build first; it takes about 7 minutes, --smoke about 30 s):
 * TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/fleet-alone.ts [--smoke]
 */
import { benchFleet, fleetOptions } from './fleet.js';
import { fleetTable, sizingText } from './report-fleet.js';
import { reachableServerUrl } from './server-database.js';

const serverUrl = await reachableServerUrl();
if (serverUrl === undefined) throw new Error('the fleet case needs a PostgreSQL server (TEST_DATABASE_URL)');
const figures = await benchFleet(fleetOptions(serverUrl, process.argv.includes('--smoke')));
process.stdout.write(`${fleetTable(figures)}\n\n${sizingText(figures)}\n`);
