import { AMENITIES } from './vocabulary.js';

/**
 * Account-independent reference lists. Shapes after DOCS: amenities, bed types and property types are
 * arrays of {id, name}; countries and currencies are objects keyed by ISO code; timezones an object keyed by
 * IANA name with {value, diff}. Short lists covering every value the generated data uses.
 */
export const AMENITY_LIST = AMENITIES.map(([id, name]) => ({ id, name }));

export const BED_TYPE_LIST = [
  { id: 1, name: 'Double bed' },
  { id: 2, name: 'Queen bed' },
  { id: 3, name: 'King bed' },
  { id: 4, name: 'Single bed' },
  { id: 5, name: 'Sofa bed' },
  { id: 33, name: 'Full Bunk Bed' },
];

export const PROPERTY_TYPE_LIST = [
  { id: 1, name: 'Apartment' },
  { id: 2, name: 'House' },
  { id: 3, name: 'Bed and breakfast' },
  { id: 4, name: 'Condominium' },
  { id: 5, name: 'Loft' },
  { id: 6, name: 'Townhouse' },
  { id: 7, name: 'Villa' },
  { id: 8, name: 'Cottage' },
  { id: 9, name: 'Bungalow' },
  { id: 10, name: 'Studio' },
];

/** Sorted by name, as documented. */
export const COUNTRY_MAP: Record<string, string> = {
  DE: 'Germany',
  PT: 'Portugal',
  ES: 'Spain',
  GB: 'United Kingdom',
  US: 'United States',
};

/** Sorted by code, as documented. */
export const CURRENCY_MAP: Record<string, string> = {
  AUD: 'AUD - Australian Dollar',
  CAD: 'CAD - Canadian Dollar',
  EUR: 'EUR - Euro',
  GBP: 'GBP - British Pound',
  USD: 'USD - US Dollar',
};

const ZONES: [string, string][] = [
  ['America/Los_Angeles', '-08:00'],
  ['America/Denver', '-07:00'],
  ['America/Chicago', '-06:00'],
  ['America/New_York', '-05:00'],
  ['UTC', '+00:00'],
  ['Europe/Lisbon', '+00:00'],
  ['Europe/London', '+00:00'],
  ['Europe/Berlin', '+01:00'],
  ['Europe/Madrid', '+01:00'],
];

/** Standard-time offsets (the real list is static too). */
export const TIMEZONE_MAP: Record<string, { value: string; diff: string }> = Object.fromEntries(
  ZONES.map(([name, diff]) => [name, { value: `(UTC ${diff}) ${name}`, diff }]),
);
