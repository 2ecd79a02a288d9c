import { pickFields, type Body } from '../core/input.js';
import type { PageHook, PageHookMatch, ServedResponse } from '../core/types.js';

interface Entry {
  hook: PageHook;
  match: ReturnType<typeof parsePageHookMatch>;
  run: (served: ServedResponse) => void;
  state: { matched: number; fired: number; error: string | undefined };
}

export function parsePageHookMatch(input: PageHookMatch): PageHookMatch & { nth: number; once: boolean } {
  const id = 'a positive integer';
  const match = pickFields(
    input as Body,
    { accountId: id, path: 'a string', pathPrefix: 'a string', nth: id, once: 'a boolean' } as const,
    'page hook',
  );
  return { ...match, nth: match.nth ?? 1, once: match.once ?? true };
}

function matches(match: PageHookMatch, response: ServedResponse): boolean {
  if (match.accountId !== undefined && response.accountId !== match.accountId) return false;
  if (match.path !== undefined && response.path !== match.path) return false;
  return match.pathPrefix === undefined || response.path.startsWith(match.pathPrefix);
}

/** Page hooks: actions run right after a counted API response has been sent (see Simulator.afterRequest). */
export function createPageHookRegistry(log?: (line: string) => void) {
  let entries: Entry[] = [];
  let nextId = 1;
  const remove = (entry: Entry) => {
    entries = entries.filter((e) => e !== entry);
  };
  return {
    /** Registers `run`; throws SimulatorInputError for an invalid match. */
    add(input: PageHookMatch, run: (served: ServedResponse) => void, label?: string): PageHook {
      const match = parsePageHookMatch(input);
      const state = { matched: 0, fired: 0, error: undefined as string | undefined };
      const entry = { match, run, state } as Entry;
      entry.hook = {
        id: nextId++,
        match: { ...match },
        ...(label === undefined ? {} : { label }),
        get matched() {
          return state.matched;
        },
        get fired() {
          return state.fired;
        },
        get error() {
          return state.error;
        },
        remove: () => remove(entry),
      };
      entries.push(entry);
      return entry.hook;
    },
    clear() {
      entries = [];
    },
    list: () => entries.map((e) => e.hook),
    /** Counts one sent response against every hook and runs the due ones, in registration order. */
    served(response: ServedResponse) {
      for (const entry of [...entries]) {
        if (!matches(entry.match, response)) continue;
        entry.state.matched += 1;
        if (entry.state.matched < entry.match.nth) continue;
        if (entry.match.once) remove(entry);
        entry.state.fired += 1;
        try {
          entry.run(structuredClone(response));
        } catch (error) {
          entry.state.error = error instanceof Error ? error.message : String(error);
          log?.(`page hook ${entry.hook.id} failed: ${entry.state.error}`);
        }
      }
    },
  };
}
