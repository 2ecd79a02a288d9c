import { formatDateTime, parseHostawayTime } from '../core/time.js';

/** "YYYY-MM-DD HH:MM:SS" of a UTC instant in an IANA time zone (task `…ListingTime` fields). */
export function listingLocalTime(ms: number, timeZone: string): string {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(ms));
    const get = (type: string): string => parts.find((part) => part.type === type)?.value ?? '00';
    return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
  } catch {
    return formatDateTime(ms);
  }
}

/** A reservation date ("YYYY-MM-DD") at an hour of the day, in ms UTC. */
export function dateAtHour(date: string, hour: number): number {
  return parseHostawayTime(date) + hour * 3_600_000;
}
