import type { Picker } from './fuzz-harness.js';

/** One hostile Hostaway answer: what a `body` simulator fault serves. */
export interface HostileAnswer {
  kind: string;
  status: number;
  body: string;
  contentType?: string;
}

const HTML = (code: number) =>
  `<!DOCTYPE html><html><head><title>${code}</title></head><body><h1>Error ${code}</h1></body></html>`;

type Envelope = Record<string, unknown>;

/** Envelope mutations: every one is invalid or an explicit failure, never a plausible different answer. */
const ENVELOPE_MUTATIONS: Record<string, (e: Envelope, p: Picker) => unknown> = {
  'status-fail': (e, p) => ({
    ...e,
    status: 'fail',
    ...(p.chance(0.5) ? { message: 'Nope' } : { result: 'Invalid' }),
  }),
  'status-fail-bare': () => ({ status: 'fail' }),
  'result-missing': ({ result: _, ...rest }) => rest,
  'result-not-array': (e, p) => ({ ...e, result: p.pick(['x', 1, null, {}, { id: 1 }, true]) }),
  'result-items-not-objects': (e, p) => ({
    ...e,
    result: [...(e.result as unknown[]).slice(1), p.pick([null, 1, 'x', [], true])],
  }),
  'result-item-without-id': (e, p) => ({
    ...e,
    result: [{ ...((e.result as Envelope[])[0] ?? {}), id: p.pick([undefined, null, 'abc', -1, 1.5, {}]) }],
  }),
  'count-string-empty': (e) => ({ ...e, result: [], count: String(e.count ?? 5) }),
  'count-negative-empty': (e) => ({ ...e, result: [], count: -1 }),
  'count-positive-empty': (e) => ({ ...e, result: [], count: 1e9 }),
  'count-nan-empty': (e) => ({ ...e, result: [], count: 'NaN' }),
  'not-an-object': (_, p) => p.pick([[], 'success', 42, null, true]),
  'extra-keys': (e, p) => ({
    ...e,
    status: 'fail',
    __proto__: { x: 1 },
    [p.pick(['page', 'totalPages', 'constructor'])]: -1,
  }),
};

const RAW_BODIES: Record<
  string,
  (text: string, p: Picker) => { status: number; body: string; contentType?: string }
> = {
  truncated: (text, p) => ({ status: 200, body: text.slice(0, p.int(0, Math.max(0, text.length - 1))) }),
  'non-json': () => ({ status: 200, body: 'OK' }),
  'html-200': () => ({ status: 200, body: HTML(200), contentType: 'text/html' }),
  'html-error': (_, p) => {
    const status = p.pick([400, 404, 410, 418, 422]);
    return { status, body: HTML(status), contentType: 'text/html' };
  },
  'empty-body': (_, p) => ({ status: p.pick([200, 204, 404]), body: '' }),
  'huge-body': (_, p) => ({
    status: 200,
    body: `{"status":"success","result":"${'x'.repeat(p.int(1, 4) * 1024 * 1024)}"`,
  }),
  'deep-nesting': () => ({ status: 200, body: `${'['.repeat(200_000)}${']'.repeat(200_000)}` }),
  'huge-number': () => ({ status: 200, body: '{"status":"success","result":[],"count":1e400}' }),
  'lone-surrogate': () => ({ status: 200, body: '{"status":"fail","message":"\\ud800"}' }),
  'bom-and-nul': () => ({ status: 200, body: '\uFEFF{"status":"success","result":[\u0000]}' }),
};

export const ANSWER_KINDS = [...Object.keys(ENVELOPE_MUTATIONS), ...Object.keys(RAW_BODIES)];

/** A hostile answer derived from a real envelope's text (one of every kind, picked at random). */
export function hostileAnswer(realText: string, p: Picker): HostileAnswer {
  const kind = p.pick(ANSWER_KINDS);
  const mutation = ENVELOPE_MUTATIONS[kind];
  if (mutation !== undefined) {
    const mutated = mutation(JSON.parse(realText) as Envelope, p);
    return {
      kind,
      status: p.chance(0.8) ? 200 : p.pick([400, 404, 422]),
      body: JSON.stringify(mutated) ?? 'null',
    };
  }
  return { kind, ...RAW_BODIES[kind]!(realText, p) };
}
