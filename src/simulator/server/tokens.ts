import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Real tokens live 24 months; the API reports this TTL (hostaway-api.md §1.2). */
export const TOKEN_TTL_SECONDS = 63_072_000;

interface IssuedToken {
  accountId: number;
  mintedMs: number;
  expiresMs: number;
}

export type TokenCheck =
  | { ok: true; accountId: number }
  | {
      ok: false;
      reason: 'malformed' | 'forged' | 'revoked' | 'expired' | 'not-yet-active';
      accountId?: number;
    };

const TOKEN_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const HEADER = base64url(JSON.stringify({ typ: 'JWT', alg: 'RS256' }));

/**
 * Issues JWT-looking tokens (header {"typ":"JWT","alg":"RS256"}, Hostaway's claim set) signed with an
 * HMAC-SHA256 key that is random per simulator, so a forged or foreign token never verifies.
 */
export function createTokenRegistry() {
  const key = randomBytes(32);
  const issued = new Map<string, IssuedToken>();
  const sign = (data: string): string => createHmac('sha256', key).update(data).digest('base64url');
  const decode = (token: string): VerifiedClaims | undefined =>
    TOKEN_SHAPE.test(token) ? verify(token, sign) : undefined;
  return {
    mint(accountId: number, secretId: number, nowMs: number): string {
      const iat = Math.floor(nowMs / 1000);
      const jti = randomBytes(40).toString('hex');
      const exp = iat + TOKEN_TTL_SECONDS;
      const claims = {
        aud: String(accountId),
        jti,
        iat,
        nbf: iat,
        exp,
        sub: '',
        scopes: ['general'],
        secretId,
      };
      const body = `${HEADER}.${base64url(JSON.stringify(claims))}`;
      issued.set(jti, { accountId, mintedMs: nowMs, expiresMs: exp * 1000 });
      return `${body}.${sign(body)}`;
    },
    check(token: string, nowMs: number, activationMs: number): TokenCheck {
      if (!TOKEN_SHAPE.test(token)) return { ok: false, reason: 'malformed' };
      const decoded = decode(token);
      if (decoded === undefined) return { ok: false, reason: 'forged' };
      const entry = issued.get(decoded.jti);
      if (entry === undefined) return { ok: false, reason: 'revoked', accountId: decoded.accountId };
      if (nowMs >= entry.expiresMs) return { ok: false, reason: 'expired', accountId: entry.accountId };
      if (activationMs > 0 && nowMs - entry.mintedMs < activationMs) {
        return { ok: false, reason: 'not-yet-active', accountId: entry.accountId };
      }
      return { ok: true, accountId: entry.accountId };
    },
    revoke(token: string) {
      const decoded = decode(token);
      if (decoded !== undefined) issued.delete(decoded.jti);
    },
    revokeAll() {
      issued.clear();
    },
  };
}

interface VerifiedClaims {
  jti: string;
  accountId: number;
}

/** The claims of a token whose signature is ours; undefined for anything else. */
function verify(token: string, sign: (data: string) => string): VerifiedClaims | undefined {
  const [header, payload, signature, extra] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined || extra !== undefined)
    return undefined;
  const expected = Buffer.from(sign(`${header}.${payload}`));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    jti?: unknown;
    aud?: unknown;
  };
  return typeof claims.jti === 'string' ? { jti: claims.jti, accountId: Number(claims.aud) } : undefined;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
