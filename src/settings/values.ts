import { isIP } from 'node:net';
import { z } from 'zod';
import { ENCRYPTION_KEY_FORMAT, parseEncryptionKey, splitKeyList } from '../secrets/key.js';

/** The kinds of value a setting holds, each with its one-line complaint (the value itself is never echoed). */

export const int = (min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** `1`/`true` or `0`/`false`, read as a boolean; `message` names the spelling the docs use. */
export const flag = (fallback: 'false' | '0', message: string) =>
  z
    .enum(['true', 'false', '1', '0'], { message })
    .default(fallback)
    .transform((value) => value === 'true' || value === '1');

export const httpUrl = z.string().refine((value) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be an http:// or https:// URL');

export const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/.+/.test(value), 'must be a postgres:// or postgresql:// URL');

export const ipAddress = z.string().refine((value) => isIP(value) !== 0, 'must be an IPv4 or IPv6 address');

/** One host-list entry: a name or IPv4 address, or an IPv6 one in brackets, [:port]. */
const HOST_ENTRY = /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/i;

export const hostList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((host) => host.trim())
      .filter((host) => host !== ''),
  )
  .refine(
    (hosts) => hosts.every((host) => HOST_ENTRY.test(host)),
    'must be comma-separated host names or addresses, each with an optional :port ([::1]:8080 for IPv6)',
  );

export const encryptionKey = z
  .string()
  .refine((value) => parseEncryptionKey(value) !== undefined, ENCRYPTION_KEY_FORMAT);

export const encryptionKeyList = z
  .string()
  .default('')
  .refine(
    (value) => splitKeyList(value).every((key) => parseEncryptionKey(key) !== undefined),
    `each key ${ENCRYPTION_KEY_FORMAT}`,
  )
  .transform(splitKeyList);
