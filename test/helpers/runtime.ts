import assert from 'node:assert/strict';
import type { Io, Prompts } from '../../src/cli/io.js';
import { createRuntime, type Runtime } from '../../src/cli/runtime.js';
import type { Database } from '../../src/db/database.js';

/** One expected prompt: its kind, a pattern its message must match, the answer, and inputs it must refuse. */
export interface ScriptedAnswer {
  kind: keyof Prompts;
  message: RegExp;
  answer: unknown;
  /** Each must be refused by the prompt's `validate` (the answer itself must pass it). */
  refuses?: string[];
}

export interface TestIo extends Io {
  out(): string;
  err(): string;
  /** Every prompt shown, as "kind: message" (and for select, its choice names). */
  asked: string[];
  /** Answers not used yet. */
  pending(): ScriptedAnswer[];
}

/** An Io whose prompts follow a script; an unexpected prompt fails the test. */
export function createTestIo(
  options: {
    interactive?: boolean;
    answers?: ScriptedAnswer[];
    env?: Record<string, string>;
    stdin?: string;
  } = {},
): TestIo {
  const script = [...(options.answers ?? [])];
  const asked: string[] = [];
  let out = '';
  let err = '';
  const next = async (kind: keyof Prompts, prompt: Record<string, unknown>) => {
    const message = String(prompt['message']);
    const choices = prompt['choices'] as { name: string }[] | undefined;
    asked.push(`${kind}: ${message}${choices ? ` [${choices.map((c) => c.name).join(' | ')}]` : ''}`);
    const expected = script.shift();
    assert.ok(expected, `unexpected ${kind} prompt "${message}"`);
    assert.equal(kind, expected.kind, `prompt "${message}"`);
    assert.match(message, expected.message);
    const validate = prompt['validate'] as ((value: string) => true | string) | undefined;
    for (const bad of expected.refuses ?? []) {
      assert.equal(typeof validate?.(bad), 'string', `"${message}" should refuse ${JSON.stringify(bad)}`);
    }
    if (validate && typeof expected.answer === 'string') assert.equal(validate(expected.answer), true);
    return expected.answer;
  };
  const prompts = {
    input: (p) => next('input', p),
    password: (p) => next('password', p),
    confirm: (p) => next('confirm', p),
    select: (p) => next('select', p),
  } as Prompts;
  return {
    stdout: { write: (text: string) => (out += text), isTTY: false },
    stderr: { write: (text: string) => (err += text), isTTY: false },
    interactive: options.interactive ?? false,
    readStdin: async () => options.stdin ?? '',
    prompts,
    env: {
      HOSTAWAY_TOKEN_ACTIVATION_MS: '0',
      LOG_LEVEL: 'silent',
      // a fixed key: the CLI refuses to store a secret without one (tests may override or unset it)
      HOSTAWAY_SYNC_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('hex'),
      ...options.env,
    },
    out: () => out,
    err: () => err,
    asked,
    pending: () => script,
  };
}

/** A real runtime (config from `io.env`) whose database is the test's. */
export function createTestRuntime(db: Database, io: Io): Runtime {
  const runtime = createRuntime({}, io);
  return { ...runtime, openDatabase: async () => db };
}
