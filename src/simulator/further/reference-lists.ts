// Static reference data, as documented: amenities, bed types and property types are arrays of {id, name};
// countries, currencies and time zones objects keyed by code. Languages are undocumented in shape: keyed by
// code too, as listings carry them. Short lists covering every value the data uses.
import { AMENITIES as LISTING_AMENITIES } from '../data/vocabulary.js';

const named = (names: readonly string[]) => names.map((name, index) => ({ id: index + 1, name }));

export const AMENITIES = LISTING_AMENITIES.map(([id, name]) => ({ id, name }));
export const BED_TYPES = [
  ...named(['Double bed', 'Queen bed', 'King bed', 'Single bed', 'Sofa bed']),
  { id: 33, name: 'Full Bunk Bed' },
];
export const PROPERTY_TYPES = named(
  'Apartment,House,Bed and breakfast,Condominium,Loft,Townhouse,Villa,Cottage,Bungalow,Studio'.split(','),
);

/** Sorted by name. */
export const COUNTRIES: Record<string, string> = {
  DE: 'Germany',
  PT: 'Portugal',
  ES: 'Spain',
  GB: 'United Kingdom',
  US: 'United States',
};

/** Keyed by the code listings carry in `language`, sorted by code. */
export const LANGUAGES: Record<string, string> = {
  de: 'German',
  en: 'English',
  es: 'Spanish',
  fr: 'French',
  pt: 'Portuguese',
};

/** Sorted by code. */
export const CURRENCIES: Record<string, string> = Object.fromEntries(
  ['AUD Australian Dollar', 'CAD Canadian Dollar', 'EUR Euro', 'GBP British Pound', 'USD US Dollar'].map(
    (entry) => [entry.slice(0, 3), `${entry.slice(0, 3)} - ${entry.slice(4)}`],
  ),
);

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

/** Keyed by IANA name: `{value, diff}` with the standard-time offset (the real list is static too). */
export const TIMEZONES: Record<string, { value: string; diff: string }> = Object.fromEntries(
  ZONES.map(([name, diff]) => [name, { value: `(UTC ${diff}) ${name}`, diff }]),
);
