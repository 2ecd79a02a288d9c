import { createHash, timingSafeEqual } from 'node:crypto';

export interface BasicCredentials {
  login: string;
  password: string;
}

/** `Authorization: Basic base64(login:password)`, or null when absent or not Basic. */
export function parseBasicAuth(header: string | string[] | undefined): BasicCredentials | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value === undefined ? null : /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(value);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { login: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Constant-time string equality: both sides are hashed first, so neither the content nor the length of
 * the expected value leaks through timing.
 */
export function safeEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** A compact, non-reversible cache key for a credential (never keep the password itself around). */
export function credentialFingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000'), 'utf8').digest('base64url');
}
