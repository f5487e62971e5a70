/** The OAuth token endpoint handler (both of KRA's token paths share it). */
import { bumpExtra } from '../core/stats.js';
import type { SimHandler } from '../core/types.js';
import type { PortalContext } from './context.js';

/**
 * `GET …?grant_type=client_credentials` with Basic auth → `{"access_token","expires_in":"<ttl>"}`.
 * Bad credentials → KRA's camelCase `{"requestId","errorCode":"401","errorMessage":"Client credentials are invalid"}`, HTTP 401.
 * A missing or different grant type is refused with the same camelCase shape and HTTP 400.
 */
export function tokenEndpoint(ctx: PortalContext): SimHandler {
  return (req) => {
    const grantType = req.query.grant_type;
    if (grantType !== 'client_credentials') {
      return {
        status: 400,
        body: { requestId: ctx.newRequestId(), errorCode: '400', errorMessage: grantType === undefined ? 'grant_type is required' : 'Unsupported grant type' },
      };
    }
    const issued = ctx.tokens.issue(req.headers.authorization);
    if (!issued.ok) {
      bumpExtra(ctx.counters, 'tokenRequestsRefused');
      return { status: 401, body: { requestId: ctx.newRequestId(), errorCode: '401', errorMessage: 'Client credentials are invalid' } };
    }
    ctx.counters.tokensIssued++;
    return { body: { access_token: issued.accessToken, expires_in: String(issued.expiresInSeconds) } };
  };
}
