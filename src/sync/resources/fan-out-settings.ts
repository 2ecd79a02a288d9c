import { CONFIG_DEFAULTS, type Config } from '../../config.js';
import type { ResourceContext } from '../types.js';

/** Tuning of the resources fetched per listing or per reservation: the calendar window, finance fields. */
export type FanOutSettings = Config['fanOut'];

/** Hostaway serves at most this many calendar days per request (the simulator answers 400 beyond). */
export const MAX_CALENDAR_DAYS = 1096;

/** The run's fan-out settings, each unset one at its default. */
export function fanOutSettings(ctx: Pick<ResourceContext, 'settings'>): FanOutSettings {
  return { ...CONFIG_DEFAULTS.fanOut, ...ctx.settings.fanOut };
}
