import { TOKEN_TTL_SECONDS } from './tokens.js';
import type { RequestContext } from './api-context.js';
import { parseFields, type ApiResult } from './http-io.js';

/**
 * POST /accessTokens (client credentials, form-encoded; JSON is accepted too). The real failure answer is
 * undocumented (hostaway-api.md §1.2); the simulator answers every bad grant, client id or secret with
 * 401 {"status":"fail","message":"Invalid client credentials"}.
 */
export function mintToken(ctx: RequestContext): ApiResult {
  let fields: Record<string, string>;
  try {
    fields = parseFields(ctx.body, ctx.contentType);
  } catch {
    fields = {};
  }
  const accountId = Number(fields['client_id']);
  const account = ctx.state.accounts.find((candidate) => candidate.accountId === accountId);
  const scope = fields['scope'] ?? 'general';
  const valid =
    fields['grant_type'] === 'client_credentials' &&
    account !== undefined &&
    fields['client_secret'] === account.clientSecret &&
    scope === 'general';
  if (!valid) return { status: 401, body: { status: 'fail', message: 'Invalid client credentials' } };
  const secretId = ctx.state.secretIds.get(accountId) ?? 1;
  const token = ctx.state.tokens.mint(accountId, secretId, ctx.state.nowMs());
  ctx.state.stats.tokensIssued += 1;
  return { status: 200, body: { token_type: 'Bearer', expires_in: TOKEN_TTL_SECONDS, access_token: token } };
}

/** DELETE /accessTokens?token=<jwt>: revokes it (unknown tokens are accepted silently). */
export function revokeToken(ctx: RequestContext): ApiResult {
  const token = ctx.query.get('token');
  if (token !== null) ctx.state.tokens.revoke(token);
  return { status: 200, body: { status: 'success', result: [] } };
}
