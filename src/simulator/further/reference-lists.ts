/** Static reference data keyed by code, as documented: short lists covering every value the data uses. */

/** Sorted by name. */
export const COUNTRIES: Record<string, string> = {
  DE: 'Germany',
  PT: 'Portugal',
  ES: 'Spain',
  GB: 'United Kingdom',
  US: 'United States',
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
