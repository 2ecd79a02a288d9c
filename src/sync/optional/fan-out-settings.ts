import type { ResourceContext } from '../types.js';

/** Tuning of the resources fetched per listing or per reservation. */
export interface FanOutSettings {
  /** Days before today (UTC) the calendar window starts. */
  calendarDaysBack: number;
  /** Days after today (UTC) the calendar window ends. */
  calendarDaysAhead: number;
  /** Stored reservations whose finance fields a reconcile re-reads besides the changed ones, oldest read first. */
  financeFieldsVerifyPerRun: number;
}

export const DEFAULT_FAN_OUT_SETTINGS: FanOutSettings = {
  calendarDaysBack: 30,
  calendarDaysAhead: 365,
  financeFieldsVerifyPerRun: 100,
};

/** Hostaway serves at most this many calendar days per request (the simulator answers 400 beyond). */
export const MAX_CALENDAR_DAYS = 1096;

/** The run's fan-out settings, each unset one at its default. */
export function fanOutSettings(ctx: Pick<ResourceContext, 'settings'>): FanOutSettings {
  return { ...DEFAULT_FAN_OUT_SETTINGS, ...ctx.settings.fanOut };
}
