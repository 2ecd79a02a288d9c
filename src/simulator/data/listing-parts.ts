import { formatDateTime } from '../core/time.js';
import { buildFromTemplate, type HostawayRecord } from '../templates/key-template.js';
import {
  LISTING_AMENITY_KEYS,
  LISTING_BED_TYPE_KEYS,
  LISTING_FEE_SETTING_KEYS,
  LISTING_IMAGE_KEYS,
} from '../templates/observed-keys.js';
import type { GenerationContext } from './account-data.js';
import { newId } from './ids.js';
import { AMENITIES } from './vocabulary.js';

/** The nested arrays of a listing: amenities, bed types, images, fee settings (and empty ones). */
export function listingNested(
  ctx: GenerationContext,
  id: number,
  bedrooms: number,
  currency: string,
  insertedMs: number,
): HostawayRecord {
  const { rng } = ctx;
  const nested = (): number => newId(ctx, 'nested');
  const amenities = AMENITIES.filter(() => rng.chance(0.5)).map(([amenityId, amenityName]) =>
    buildFromTemplate(LISTING_AMENITY_KEYS, { id: nested(), amenityId, amenityName }),
  );
  const beds = Array.from({ length: Math.max(1, bedrooms) }, (_, index) =>
    buildFromTemplate(LISTING_BED_TYPE_KEYS, {
      id: nested(),
      bedTypeId: rng.pick([1, 2, 33]),
      quantity: 1,
      bedroomNumber: index + 1,
    }),
  );
  const images = Array.from({ length: rng.int(1, 5) }, (_, index) =>
    buildFromTemplate(LISTING_IMAGE_KEYS, {
      id: nested(),
      caption: index === 0 ? 'Living room' : `Photo ${index + 1}`,
      airbnbCaption: index === 0 ? 'Living room' : null,
      url: `https://images.example.com/listings/${id}/${index + 1}.jpg`,
      sortOrder: index + 1,
    }),
  );
  const stamp = formatDateTime(insertedMs);
  const fees = rng.chance(0.5) ? [listingFee(nested(), ctx.accountId, id, currency, stamp)] : [];
  return {
    listingAmenities: amenities,
    listingBedTypes: beds,
    listingImages: images,
    listingTags: [],
    listingUnits: [],
    customFieldValues: [],
    listingFeeSetting: fees,
    bookingEngineUrls: [],
  };
}

function listingFee(
  id: number,
  accountId: number,
  listingMapId: number,
  currency: string,
  stamp: string,
): HostawayRecord {
  return buildFromTemplate(LISTING_FEE_SETTING_KEYS, {
    id,
    accountId,
    listingMapId,
    feeType: 'petFee',
    feeTitle: `Pet fee (${currency})`,
    feeAppliedPer: 'reservation',
    amount: 25,
    amountType: 'flat',
    isMandatory: 0,
    isQuantitySelectable: 0,
    appearsIn: [],
    channelId: 2000,
    displayInRent: 0,
    insertedOn: stamp,
    updatedOn: stamp,
    attachments: [],
  });
}
