/**
 * Authentication, scope check and rate limit, run on every non-public route before the body is
 * parsed, so that an unauthenticated caller learns nothing about validation rules.
 *
 * The hook takes Fastify's callback form and decides at once when it can: a token held by the row
 * cache and a rate limit this process decides alone need no promise (the request path's most common
 * case, so it was worth the two forms).
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { allows } from '../auth/scopes.js';
import type { RateLimitDecision } from '../auth/rate-limit.js';
import { authenticateToken, authenticateTokenFromCache, type AuthContext } from '../auth/token-service.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import type { RouteConfig } from './route.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

const BEARER_RE = /^Bearer\s+(\S+)\s*$/i;

/** Builds the onRequest hook of one route that needs a token. */
export function createAuthHook(deps: GatewayDeps, config: RouteConfig) {
  /** Admits the caller, or says why not; then, if admitted, counts the request against its limit. */
  function admit(req: FastifyRequest, reply: FastifyReply, auth: AuthContext | null, done: HookHandlerDoneFunction): void {
    if (!auth) return done(new ApiError('unauthenticated', 'Invalid, expired or revoked API token.'));
    req.auth = auth;
    deps.lastUsed.touch('api_tokens', auth.tokenId);
    if (config.scope !== 'public' && !allows(auth.scopes, config.scope)) {
      return done(
        new ApiError('insufficient_scope', 'Your API token does not have the required permissions to access this endpoint.', {
          required_route: config.routeName,
          your_scopes: auth.grantedScopes,
        }),
      );
    }
    const decision = deps.rateLimiter.consume(auth.tokenId, auth.rateLimitPerMinute ?? deps.config.rateLimitPerMinute);
    if (decision instanceof Promise) decision.then((d) => limit(reply, d, done), done);
    else limit(reply, decision, done);
  }

  return function authenticate(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const header = req.headers.authorization;
    const match = header ? BEARER_RE.exec(header) : null;
    if (!match?.[1]) return done(new ApiError('unauthenticated', 'Missing or malformed bearer token. Send Authorization: Bearer ush_….'));
    const presented = match[1];
    const cached = authenticateTokenFromCache(deps.clock, presented, deps.rowCache);
    if (cached !== undefined) return admit(req, reply, cached, done);
    authenticateToken(deps.db, deps.clock, presented, deps.rowCache).then((auth) => admit(req, reply, auth, done), done);
  };
}

function limit(reply: FastifyReply, decision: RateLimitDecision, done: HookHandlerDoneFunction): void {
  reply.header('RateLimit-Limit', String(decision.limit));
  reply.header('RateLimit-Remaining', String(decision.remaining));
  reply.header('RateLimit-Reset', String(decision.resetSeconds));
  if (decision.allowed) return done();
  done(
    new ApiError('rate_limited', `Rate limit of ${decision.limit} requests a minute exceeded. Retry after ${decision.resetSeconds} s.`, {}, undefined, {
      'Retry-After': String(decision.resetSeconds),
    }),
  );
}
