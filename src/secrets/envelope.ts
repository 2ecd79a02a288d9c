import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A stored secret: `enc:v1:<keyId>:<nonce>:<ciphertext>:<tag>` (base64url parts), AES-256-GCM with a fresh
 * 12-byte nonce. It fits the existing text columns, so plaintext rows and encrypted rows can coexist.
 */
export const ENVELOPE_PREFIX = 'enc:v1:';

export interface Envelope {
  keyId: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export function isEnvelope(stored: string): boolean {
  return stored.startsWith('enc:');
}

/** The envelope's parts, or undefined when it is malformed (an unknown version counts as malformed). */
export function parseEnvelope(stored: string): Envelope | undefined {
  if (!stored.startsWith(ENVELOPE_PREFIX)) return undefined;
  const parts = stored.slice(ENVELOPE_PREFIX.length).split(':');
  if (parts.length !== 4 || !parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p))) return undefined;
  const [keyId, nonce, ciphertext, tag] = parts as [string, string, string, string];
  const envelope = {
    keyId,
    nonce: Buffer.from(nonce, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
  if (!/^[0-9a-f]{8}$/.test(keyId) || envelope.nonce.length !== 12 || envelope.tag.length !== 16)
    return undefined;
  return envelope;
}

// The key id is authenticated too, so an envelope cannot be relabelled.
const aadOf = (keyId: string, context: string) => Buffer.from(`${ENVELOPE_PREFIX}${keyId}:${context}`);

export function sealValue(key: Buffer, keyId: string, plaintext: string, context: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aadOf(keyId, context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [keyId, nonce, ciphertext, cipher.getAuthTag()].map((p) =>
    typeof p === 'string' ? p : p.toString('base64url'),
  );
  return `${ENVELOPE_PREFIX}${parts.join(':')}`;
}

/** The plaintext, or undefined when authentication fails (wrong key, tampered value, other context). */
export function openValue(key: Buffer, envelope: Envelope, context: string): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, envelope.nonce);
    decipher.setAAD(aadOf(envelope.keyId, context));
    decipher.setAuthTag(envelope.tag);
    return Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
