import { buildFromTemplate, type HostawayRecord } from '../templates/key-template.js';
import { CUSTOM_FIELD_VALUE_KEYS, RESERVATION_FEE_KEYS } from '../templates/observed-keys.js';
import { readNumber, readString, type GenerationContext, type ReservationResources } from './account-data.js';
import { newId } from './ids.js';
import { CUSTOM_FIELDS } from './vocabulary.js';

const FIELD_STAMP = '2024-01-15 09:30:00';

/** customFieldValues and reservationFees of the includeResources=1 form (empty for many reservations). */
export function generateResources(ctx: GenerationContext, reservation: HostawayRecord): ReservationResources {
  const { rng } = ctx;
  const stamp = readString(reservation, 'insertedOn');
  const nested = (): number => newId(ctx, 'nested');
  const customFieldValues = rng.chance(0.3)
    ? CUSTOM_FIELDS.filter(() => rng.chance(0.6)).map(([customFieldId, name, type]) =>
        buildFromTemplate(CUSTOM_FIELD_VALUE_KEYS, {
          id: nested(),
          customFieldId,
          value: customFieldValue(type, rng.int(0, 2)),
          insertedOn: stamp,
          updatedOn: stamp,
          customField: {
            id: customFieldId,
            name,
            possibleValues: type === 'select' ? 'Leisure\nBusiness\nFamily' : null,
            type,
            isPublic: 1,
            insertedOn: FIELD_STAMP,
            updatedOn: FIELD_STAMP,
          },
        }),
      )
    : [];
  const reservationFees = rng.chance(0.5) ? [fee(ctx, reservation, nested(), stamp)] : [];
  return { customFieldValues, reservationFees };
}

function customFieldValue(type: string, roll: number): string {
  if (type === 'boolean') return roll === 0 ? 'yes' : 'no';
  if (type === 'select') return ['Leisure', 'Business', 'Family'][roll] ?? 'Leisure';
  return `UA${1000 + roll * 317}`;
}

function fee(ctx: GenerationContext, reservation: HostawayRecord, id: number, stamp: string): HostawayRecord {
  const cleaning = ctx.rng.chance(0.6);
  return buildFromTemplate(RESERVATION_FEE_KEYS, {
    id,
    accountId: ctx.accountId,
    listingMapId: readNumber(reservation, 'listingMapId'),
    reservationId: readNumber(reservation, 'id'),
    name: cleaning ? 'Cleaning fee' : 'Pet fee',
    feeType: cleaning ? 'cleaningFee' : 'petFee',
    amount: cleaning ? readNumber(reservation, 'cleaningFee') : 25,
    currency: readString(reservation, 'currency'),
    isIncluded: cleaning ? 1 : 0,
    isImported: 1,
    insertedOn: stamp,
    updatedOn: stamp,
  });
}
