/** The optional Redis connection shared by the token cache, rate limits and locks. */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Connects to `url`; commands fail fast rather than queueing forever while Redis is down. The gateway
 * keeps serving without Redis (per-process rate limits, per-process KRA tokens): an outage is logged
 * once as a warning when it starts and once when Redis is back, naming only host and port (the URL
 * may hold a password).
 */
export function connectRedis(url: string, logger?: Pick<Logger, 'warn' | 'info'>): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, connectTimeout: 5_000, lazyConnect: false });
  const { hostname, port } = new URL(url);
  const where = `${hostname}:${port || 6379}`;
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger?.warn(
      { redis: where, reason: err.message.replace(/redis(s)?:\/\/[^\s]*/gi, '[url]') },
      'Redis is unreachable: rate limits are per process and KRA tokens are not shared until it is back',
    );
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info({ redis: where }, 'Redis is back: rate limits and KRA tokens are shared again');
  });
  return redis;
}
