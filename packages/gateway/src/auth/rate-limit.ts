/**
 * Per-token rate limits (default 200 requests a minute, settable per token). Counted in memory for
 * one process, or in Redis so that N gateway processes share one budget per token; when Redis fails
 * the memory limiter takes over rather than letting every request through or failing them all.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** The outcome of one request against a token's budget. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export interface RateLimiter {
  consume(tokenId: string, limitPerMinute: number): Promise<RateLimitDecision>;
}

/** Builds a limiter; one underlying limiter per distinct limit value, created on first use. */
export function createRateLimiter(redis?: Redis, keyPrefix = 'ushuru:rl'): RateLimiter {
  const limiters = new Map<number, RateLimiterAbstract>();

  function limiterFor(points: number): RateLimiterAbstract {
    let limiter = limiters.get(points);
    if (!limiter) {
      const common = { points, duration: 60, keyPrefix: `${keyPrefix}:${points}` };
      limiter = redis
        ? new RateLimiterRedis({ ...common, storeClient: redis, insuranceLimiter: new RateLimiterMemory(common) })
        : new RateLimiterMemory(common);
      limiters.set(points, limiter);
    }
    return limiter;
  }

  return {
    async consume(tokenId, limitPerMinute) {
      try {
        const res = await limiterFor(limitPerMinute).consume(tokenId, 1);
        return decision(true, limitPerMinute, res);
      } catch (err) {
        if (err instanceof RateLimiterRes) return decision(false, limitPerMinute, err);
        throw err;
      }
    },
  };
}

function decision(allowed: boolean, limit: number, res: RateLimiterRes): RateLimitDecision {
  return {
    allowed,
    limit,
    remaining: Math.max(0, res.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  };
}
