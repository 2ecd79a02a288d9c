import type { Config } from '../config.js';
import { SYNC_SETTING_KEYS, type SyncSettings } from '../sync/types.js';

/** The sync engine's slice of the configuration. */
export function syncSettings(config: Config): SyncSettings {
  const picked = Object.fromEntries(SYNC_SETTING_KEYS.map((key) => [key, config[key]])) as SyncSettings;
  return { ...picked, attachments: config.attachments, fanOut: config.fanOut };
}
