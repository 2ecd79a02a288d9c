import { createRng, mixSeed } from '../core/prng.js';
import { buildFromTemplate, type HostawayRecord } from '../templates/key-template.js';
import { FINANCE_FIELD_KEYS } from '../templates/finance-templates.js';
import { readNumber, type AccountData } from './account-data.js';
import { financeFieldId } from './resource-ids.js';
import { storeOf } from './resource-store.js';

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const cents = (value: number): number => Math.round(value * 100) / 100;

/**
 * The finance fields of a reservation (GET /financeField/{reservationId}), built on first use from its
 * money fields: base rate, cleaning fee, taxes, channel commission (when any) and the total; undefined for
 * an unknown reservation. Ids derive from the reservation id, so they do not depend on the order of use.
 */
export function financeFieldsOf(data: AccountData, reservationId: number): HostawayRecord[] | undefined {
  const store = storeOf(data);
  const built = store.financeFields.get(reservationId);
  if (built !== undefined) return built;
  const reservation = data.reservations.get(reservationId);
  if (reservation === undefined) return undefined;
  const rng = createRng(mixSeed(data.seed, reservationId, 0xf1e1d));
  const total = num(reservation['totalPrice']);
  const cleaning = num(reservation['cleaningFee']);
  const tax = num(reservation['taxAmount']);
  const commission = num(reservation['channelCommissionAmount']);
  const parts: [string, string, string, number, number][] = [
    ['price', 'baseRate', 'Base rate', cents(total - cleaning - tax), 1],
    ['fee', 'cleaningFeeValue', 'Cleaning fee', cleaning, 1],
    ['tax', 'vat', 'VAT', tax, 1],
    ['commissions', 'hostChannelFee', 'Host channel fee', commission, 0],
    ['totals', 'totalPrice', 'Total price', total, 1],
  ];
  const fields = parts
    .filter(([type, , , value]) => value !== 0 || type === 'price' || type === 'totals')
    .map(([type, name, title, value, included], k) =>
      buildFromTemplate(FINANCE_FIELD_KEYS, {
        id: financeFieldId(data.accountIndex, readNumber(reservation, 'id'), k),
        units: 1,
        type,
        name,
        title,
        value,
        isIncludedInTotalPrice: included,
        isOverriddenByUser: rng.chance(0.1) ? 1 : 0,
        isMandatory: type === 'fee' ? 1 : null,
        isQuantitySelectable: 0,
        isDeleted: 0,
        total: value,
      }),
    );
  store.financeFields.set(reservationId, fields);
  return fields;
}
