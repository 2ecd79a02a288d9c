import { listRequests, syncObjectList, type ObjectListSpec } from './object-list.js';
import type { ChangeDetection, OptionalResourceSync } from './optional-resource.js';

/** Cadences in seconds, as the resource modules name them. */
export { DAY_SECONDS as DAY, HOUR_SECONDS as HOUR } from '../../durations.js';

/** A resource that is one Hostaway list stored in `resource_objects` (the simple list resources). */
export type ListResourceSpec = ObjectListSpec & {
  /** What identifies a row, for the README table (`id`, `code`). */
  key: 'id' | 'code';
  changes: ChangeDetection;
  defaultCadenceSeconds: number;
};

export function listResource(spec: ListResourceSpec): OptionalResourceSync {
  return {
    name: spec.resource,
    describe: {
      endpoint: spec.path,
      table: 'resource_objects',
      key: spec.key,
      changes: spec.changes,
      deletion: spec.deletion,
      defaultCadenceSeconds: spec.defaultCadenceSeconds,
      requestsPerRun: (size) => listRequests(spec.paging, size.objects),
    },
    listPath: spec.path,
    fetchAndSync: (ctx) => syncObjectList(ctx, spec),
  };
}
