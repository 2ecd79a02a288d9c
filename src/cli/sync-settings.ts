import type { Config } from '../config.js';
import type { SyncSettings } from '../sync/types.js';

/** The sync engine's tuning as configured. */
export function syncSettings(config: Config): SyncSettings {
  return {
    conversationRelistHours: config.conversationRelistHours,
    conversationSweepPages: config.conversationSweepPages,
    threadMaxAttempts: config.threadMaxAttempts,
    verifyThreadsPerRun: config.verifyThreadsPerRun,
    deletionChecksPerRun: config.deletionChecksPerRun,
    runRetentionDays: config.runRetentionDays,
    resourceCadences: config.resourceCadences,
    unavailableReprobeSeconds: config.unavailableReprobeSeconds,
    attachments: config.attachments,
    fanOut: config.fanOut,
  };
}
