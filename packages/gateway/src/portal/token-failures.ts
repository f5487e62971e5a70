/**
 * Token generation failures are one case for the caller: whether KRA refused the consumer key/secret
 * or its token endpoint answered with an error (HTTP 5xx, or a body without a token), no token could
 * be generated, and the answer is 503 `kra_auth_failed` with the seed's message ("Failed to generate
 * access token…"). Two cases keep their own answer: a timeout (504: the configured deadline is what
 * the caller waited for) and a host that cannot be reached at all (502 `kra_unavailable`: KRA is
 * down, not the token service, and monitoring must tell the two apart).
 * This wraps the shared token cache for portal calls; the cache itself is untouched and still shared.
 */
import { KraCallError, isKraCallError, type TokenCache } from '@ushuru/kra';

/** Where operators learn the real cause (the caller gets the seed's fixed message). */
export interface WarnLogger {
  warn(obj: object, msg: string): void;
}

/** The token cache, with an unreachable or failing token endpoint reported as a token failure. */
export function withTokenFailuresAsAuthFailed(cache: TokenCache, logger: WarnLogger): TokenCache {
  return {
    keyFor: (params) => cache.keyFor(params),
    invalidate: (key, rejected) => cache.invalidate(key, rejected),
    async getToken(params, options) {
      try {
        return await cache.getToken(params, options);
      } catch (err) {
        if (!isKraCallError(err) || err.kind === 'auth_failed' || err.kind === 'timeout') throw err;
        // No HTTP answer at all (refused, reset, DNS): the host is unreachable, not the token service failing.
        if (err.kind === 'unavailable' && err.httpStatus === undefined) throw err;
        // The message names host and path only (never credentials): safe to log for operators.
        logger.warn({ kind: err.kind, httpStatus: err.httpStatus }, err.message);
        throw new KraCallError('auth_failed', err.message, {
          ...(err.httpStatus !== undefined ? { httpStatus: err.httpStatus } : {}),
          ...(err.kraResponse ? { kraResponse: err.kraResponse } : {}),
          cause: err,
        });
      }
    },
  };
}
