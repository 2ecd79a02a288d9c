import { ConfigError, UsageError } from '../../errors.js';
import type { Runtime } from '../runtime.js';

/**
 * A required value: from its flag, else a prompt on a terminal, else a configuration error naming the flag
 * (CronJobs and pipes must never hang on a prompt).
 */
export async function valueOrPrompt<T>(
  runtime: Runtime,
  given: T | undefined,
  flag: string,
  prompt: () => Promise<T>,
): Promise<T> {
  if (given !== undefined) return given;
  if (!runtime.io.interactive) {
    throw new ConfigError(`missing ${flag}`, { hint: `pass ${flag} (no prompts without a terminal)` });
  }
  return prompt();
}

/** The client secret: stdin (--client-secret-stdin), else HOSTAWAY_CLIENT_SECRET, else a masked prompt. */
export async function obtainClientSecret(runtime: Runtime, fromStdin: boolean | undefined): Promise<string> {
  let secret: string | undefined;
  if (fromStdin) secret = (await runtime.io.readStdin()).replace(/\r?\n$/, '');
  else secret = runtime.config.clientSecret;
  secret = await valueOrPrompt(runtime, secret, '--client-secret-stdin', () =>
    runtime.io.prompts.password({
      message: 'Client secret (Hostaway → Settings → Hostaway API)',
      validate: (value) => (value.trim() ? true : 'the secret cannot be empty'),
    }),
  );
  if (!secret.trim() || /\s/.test(secret.trim())) {
    throw new UsageError('the client secret is empty or contains whitespace', {
      hint: 'pipe exactly the secret, e.g. printf %s "$SECRET" | hostaway-sync …',
    });
  }
  return secret.trim();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseCustomerId(value: string): string {
  if (!UUID.test(value.trim())) {
    throw new UsageError(`customer id "${value}" is not a UUID`, {
      hint: 'use a UUID such as 6f1c9a52-0d3e-4f43-9a57-1b2c3d4e5f60',
    });
  }
  return value.trim().toLowerCase();
}

export function isUuid(value: string): true | string {
  return UUID.test(value.trim()) ? true : 'enter a UUID (8-4-4-4-12 hex digits)';
}
