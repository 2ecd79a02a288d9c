/**
 * Hostaway's times: "YYYY-MM-DD HH:MM:SS", UTC without a zone, also read with a `T` separator, a fraction
 * of up to six digits or a trailing `Z`. Anything else is unreadable: another layout, surrounding spaces,
 * a date that does not exist (month 13, 30 February, 29 February of a common year), hour 24.
 *
 * The one reader of these times. The database reads them with the same pattern and the same key
 * (src/db/sql/hostaway-time-sql.ts), so code and SQL always agree on whether a time is readable and on
 * which of two is later. A leaf module: every layer may import it.
 */
const MONTH_DAY =
  '(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8])';
/** 29 February of a leap year: divisible by 4 and not by 100, or by 400. */
const LEAP_DAY = '([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-02-29';
const CLOCK = '([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?Z?';

/** The pattern as regular-expression source; the same text works in JavaScript and in PostgreSQL (`~`). */
export const HOSTAWAY_TIME_PATTERN = `^([0-9]{4}-(${MONTH_DAY})|${LEAP_DAY})[ T]${CLOCK}$`;

const TIME = new RegExp(HOSTAWAY_TIME_PATTERN);

/**
 * The value's sort key: "YYYY-MM-DD HH:MM:SS[.ffffff]" (the `T` made a space, the `Z` dropped), whose
 * character order is time order; undefined when unreadable. Compare keys with `<`/`>` (code units, as
 * PostgreSQL's C collation compares bytes); an unreadable time sorts before every readable one.
 */
export function hostawayTimeKey(value: unknown): string | undefined {
  if (typeof value !== 'string' || !TIME.test(value)) return undefined;
  return value.replace('T', ' ').replace(/Z$/, '');
}

/**
 * Epoch milliseconds of a Hostaway time; undefined when unreadable. Agrees with hostawayTimeKey on
 * order, except that digits past the millisecond only count in the key.
 */
export function parseHostawayTime(value: unknown): number | undefined {
  const key = hostawayTimeKey(value);
  if (key === undefined) return undefined;
  const part = (from: number, to: number) => Number(key.slice(from, to));
  const at = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0 to 99 as 1900 to 1999.
  at.setUTCFullYear(part(0, 4), part(5, 7) - 1, part(8, 10));
  at.setUTCHours(part(11, 13), part(14, 16), part(17, 19), Number(key.slice(20, 23).padEnd(3, '0')));
  return at.getTime();
}
