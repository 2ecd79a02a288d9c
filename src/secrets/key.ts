import { createHash } from 'node:crypto';

/** Shown when a key is malformed; it never contains the key itself. */
export const ENCRYPTION_KEY_FORMAT =
  'must be 32 random bytes as base64 (openssl rand -base64 32) or as 64 hex characters';

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

/** A 32-byte key from 64 hex characters or base64 (standard or url-safe); undefined when it is neither. */
export function parseEncryptionKey(text: string): Buffer | undefined {
  const value = text.trim();
  if (HEX_KEY.test(value)) return Buffer.from(value, 'hex');
  if (!BASE64_KEY.test(value)) return undefined;
  const key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === 32 ? key : undefined;
}

/** The comma-separated list of previous keys, blanks dropped. */
export function splitKeyList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Names a key without revealing it: the first 8 hex digits of its SHA-256. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}
