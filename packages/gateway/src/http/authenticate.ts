/**
 * Authentication, scope check and rate limit, run on every non-public route before the body is
 * parsed, so that an unauthenticated caller learns nothing about validation rules.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { allows } from '../auth/scopes.js';
import { authenticateToken, type AuthContext } from '../auth/token-service.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import type { RouteConfig } from './route.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

const BEARER_RE = /^Bearer\s+(\S+)\s*$/i;

/** Builds the onRequest hook for routes that need a token. */
export function createAuthHook(deps: GatewayDeps) {
  return async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const config = req.routeOptions.config as RouteConfig;
    const header = req.headers.authorization;
    const match = header ? BEARER_RE.exec(header) : null;
    if (!match?.[1]) throw new ApiError('unauthenticated', 'Missing or malformed bearer token. Send Authorization: Bearer ush_….');
    const auth = await authenticateToken(deps.db, deps.clock, match[1], deps.rowCache);
    if (!auth) throw new ApiError('unauthenticated', 'Invalid, expired or revoked API token.');
    req.auth = auth;
    deps.lastUsed.touch('api_tokens', auth.tokenId);

    if (config.scope !== 'public' && !allows(auth.scopes, config.scope)) {
      throw new ApiError('insufficient_scope', 'Your API token does not have the required permissions to access this endpoint.', {
        required_route: config.routeName,
        your_scopes: auth.grantedScopes,
      });
    }

    const limit = auth.rateLimitPerMinute ?? deps.config.rateLimitPerMinute;
    const decision = await deps.rateLimiter.consume(auth.tokenId, limit);
    reply.header('RateLimit-Limit', String(decision.limit));
    reply.header('RateLimit-Remaining', String(decision.remaining));
    reply.header('RateLimit-Reset', String(decision.resetSeconds));
    if (!decision.allowed) {
      throw new ApiError('rate_limited', `Rate limit of ${decision.limit} requests a minute exceeded. Retry after ${decision.resetSeconds} s.`, {}, undefined, {
        'Retry-After': String(decision.resetSeconds),
      });
    }
  };
}
