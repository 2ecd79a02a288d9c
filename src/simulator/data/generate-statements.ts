import { formatDate, formatDateTime, DAY_MS } from '../core/time.js';
import { buildFromTemplate, type HostawayRecord } from '../templates/key-template.js';
import { OWNER_STATEMENT_KEYS } from '../templates/finance-templates.js';
import { readNumber, readString } from './account-data.js';
import { ownerStatementId, userId } from './resource-ids.js';
import type { ResourceContext } from './resource-store.js';

const COLUMNS = [
  { name: 'id', title: 'Reservation ID', valueType: 'number' },
  { name: 'guestName', title: 'Guest name', valueType: 'string' },
  { name: 'arrivalDate', title: 'Arrival date', valueType: 'string' },
  { name: 'ownerPayout', title: 'Owner payout', valueType: 'money' },
];

/**
 * `options.ownerStatementsPerListing` monthly statements per listing for the months before the anchor's
 * month, newest month first; the detail carries the JSON blobs of the DOCS example (filters, summary, rows).
 */
export function generateOwnerStatements(ctx: ResourceContext): HostawayRecord[] {
  const { data } = ctx;
  const statements: HostawayRecord[] = [];
  const anchor = new Date(data.anchorMs);
  for (const listing of data.listings.values()) {
    for (let back = 1; back <= ctx.options.ownerStatementsPerListing; back += 1) {
      const fromMs = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() - back, 1);
      const toMs = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() - back + 1, 1) - DAY_MS;
      statements.push(statement(ctx, listing, statements.length + 1, fromMs, toMs));
    }
  }
  return statements;
}

function statement(
  ctx: ResourceContext,
  listing: HostawayRecord,
  n: number,
  fromMs: number,
  toMs: number,
): HostawayRecord {
  const { rng, data } = ctx;
  const listingMapId = readNumber(listing, 'id');
  const fromDate = formatDate(fromMs);
  const toDate = formatDate(toMs);
  const stays = ctx.bookings.filter(
    (b) =>
      b['listingMapId'] === listingMapId &&
      (b['status'] === 'new' || b['status'] === 'modified') &&
      readString(b, 'arrivalDate') >= fromDate &&
      readString(b, 'arrivalDate') <= toDate,
  );
  const rows = stays.map((b) => {
    const total = typeof b['totalPrice'] === 'number' ? b['totalPrice'] : 0;
    return [
      readNumber(b, 'id'),
      String(b['guestName'] ?? ''),
      readString(b, 'arrivalDate'),
      Math.round(total * 80) / 100,
    ];
  });
  const payout = rows.reduce((sum, row) => sum + Number(row[3]), 0);
  const insertedMs = toMs + DAY_MS + rng.int(1, 20) * 3_600_000;
  const month = fromDate.slice(0, 7);
  return buildFromTemplate(OWNER_STATEMENT_KEYS, {
    id: ownerStatementId(data.accountIndex, n),
    accountId: String(data.accountId),
    statementName: `${readString(listing, 'name')} ${month}`,
    invoiceName: `OS-${listingMapId}-${month}`,
    filterParametersJson: {
      listingMapIds: [listingMapId],
      quickDate: null,
      fromDate,
      toDate,
      statuses: ['new', 'modified'],
      dateType: 'arrivalDate',
      tags: [],
      channelIds: [],
      columns: COLUMNS.map((column) => column.name),
      summaryDataFormulaNames: ['ownerPayout'],
    },
    summaryDataJson: [{ formulaName: 'ownerPayout', totalValue: Math.round(payout * 100) / 100 }],
    financeDataJson: { columns: COLUMNS, rows },
    propertyManagerName: 'Simulated Property Management',
    propertyManagerEmail: `pm-${data.accountId}@example.com`,
    propertyManagerAddress: '1 Example Street',
    propertyManagerPhone: '+15550100',
    propertyOwnerName: `Owner of ${readString(listing, 'name')}`,
    propertyOwnerEmail: `owner-${listingMapId}@example.com`,
    propertyOwnerAddress: '2 Example Street',
    propertyOwnerPhone: '+15550101',
    grandTotalJson: {
      expensesTotal: 0,
      grandTotalAmount: Math.round(payout * 100) / 100,
      formulasTotal: [{ name: 'ownerPayout', amount: Math.round(payout * 100) / 100 }],
    },
    notes: null,
    insertedOn: formatDateTime(insertedMs),
    updatedOn: formatDateTime(insertedMs),
    expenses: [],
    accessByUsers: [userId(data.accountIndex, 1)],
  });
}
